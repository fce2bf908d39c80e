/**
 * `npm start -- [--table FILE | FILE] [--port N]`: the table file (default examples/routes.json)
 * and the worker's port (default 8787, or EDGE_PORT). node:util parseArgs, so `--port=N` works too.
 */
import { resolve } from "node:path";
import { parseArgs } from "node:util";

export interface StartOptions {
  /** Absolute path of the edge document. */
  table: string;
  /** Port of the worker on 127.0.0.1; 0 picks a free one. */
  port: number;
}

export const START_USAGE = "usage: npm start -- [--table FILE | FILE] [--port N]";

export function parseStartArgs(argv: readonly string[], env: { EDGE_PORT?: string } = process.env): StartOptions {
  const { values, positionals } = parseArgs({
    args: [...argv],
    options: { table: { type: "string" }, port: { type: "string" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) throw new Error(START_USAGE);
  if (positionals.length > 1) throw new Error(`one table file, got ${positionals.join(", ")} (${START_USAGE})`);
  if (values.table !== undefined && positionals.length)
    throw new Error(`give the table either as --table or as an argument, not both (${START_USAGE})`);
  const portText = values.port ?? env.EDGE_PORT ?? "8787";
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new Error(`--port must be 0-65535, got ${portText}`);
  return { table: resolve(values.table ?? positionals[0] ?? "examples/routes.json"), port };
}
