import type { Socket } from "node:net";
import type { L4Sni } from "../../schema/l4.ts";
import { matchServerName } from "./match.ts";

export interface SniRoute {
  serverName: string | undefined;
  /** Client bytes read while inspecting; forwarded to the backend first. */
  buffered: Buffer;
  /** Pool chosen by the rules, the default pool, or undefined (close the client). */
  pool: string | undefined;
}

let sniModule: Promise<typeof import("./peek.ts")> | undefined;

/**
 * Most specific rule wins: an exact name, then the longest matching `*.suffix`, then the default.
 * The rules are compiled once per config (cached on the rules array), not per connection.
 */
export function routeServerName(sni: L4Sni, name: string | undefined): string | undefined {
  return matchServerName(sni.rules, name, sni.defaultPool);
}

/** Peeks the TLS ClientHello (without terminating TLS) and picks the pool for its server name. */
export async function inspectServerName(socket: Socket, sni: L4Sni, initial: Buffer | undefined): Promise<SniRoute> {
  // Loaded on first use so listeners without SNI rules never pay for it.
  sniModule ??= import("./peek.ts");
  const { peekServerName } = await sniModule;
  const r = await peekServerName(socket, sni.inspectTimeoutMs, initial);
  return { serverName: r.serverName, buffered: r.buffered, pool: routeServerName(sni, r.serverName) };
}
