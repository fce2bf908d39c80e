/**
 * The demo origins `npm start` runs: one per distinct loopback origin URL (http://127.0.0.1:PORT or
 * localhost) in the table's pools, named after the origin. Origins elsewhere are the user's own and
 * are left alone, so `npm start -- --table mine.json` works with real origins too.
 */
import type { EdgeConfig } from "../../src/schema/index.ts";

export interface LocalOrigin {
  name: string;
  port: number;
}

export function localOrigins(config: EdgeConfig): LocalOrigin[] {
  const byPort = new Map<number, LocalOrigin>();
  for (const pool of Object.values(config.pools ?? {}))
    for (const o of pool.origins) {
      const u = new URL(o.url);
      if (u.protocol !== "http:" || !["127.0.0.1", "localhost"].includes(u.hostname)) continue;
      const port = Number(u.port || 80);
      if (!byPort.has(port)) byPort.set(port, { name: o.name, port });
    }
  return [...byPort.values()];
}
