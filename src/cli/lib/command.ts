import type { ParseArgsConfig } from "node:util";

export type Options = NonNullable<ParseArgsConfig["options"]>;
export type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

/** One `edge-router <command>`: its options (node:util parseArgs), help text and body (returns the exit code). */
export interface Command {
  name: string;
  summary: string;
  usage: string;
  options: Options;
  /** Positional arguments: [min, max] (max Infinity for lists). */
  positionals: [number, number];
  run(values: Values, positionals: string[]): Promise<number>;
}

/** Options every command takes. */
export const COMMON: Options = {
  help: { type: "boolean", short: "h" },
  json: { type: "boolean" },
};

/** Where push, pull, versions and rollback act (lib/target.ts). */
export const TARGET_OPTIONS: Options = {
  local: { type: "boolean" },
  remote: { type: "string" },
  wrangler: { type: "boolean" },
  "wrangler-remote": { type: "boolean" },
  env: { type: "string" },
  "persist-to": { type: "string" },
  key: { type: "string" },
};

export const TARGET_HELP = `Targets (default --local):
  --local               npm start's worker: its admin API on http://127.0.0.1:$EDGE_PORT (8787)/_edge
                        (start it with EDGE_ADMIN_TOKEN set; the same variable authenticates here)
  --remote URL          a deployed worker's admin API, e.g. https://edge.example.com/_edge
                        (token in EDGE_ADMIN_TOKEN, never on the command line)
  --wrangler            the KV namespace bound as ROUTES in wrangler.toml, through \`wrangler kv key\`
                        (local KV of \`wrangler dev\`; add --wrangler-remote for the deployed namespace,
                        --env NAME, --persist-to DIR, --key KEY (default ROUTES_KEY))`;
