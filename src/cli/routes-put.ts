/**
 * npm run routes:put -- <file.json> [--local | --remote] [--key <kv key>] [--env <wrangler env>] [--persist-to <dir>]
 * npm run routes:put -- <file.json> --admin-url https://edge.example/_edge   (token in EDGE_ADMIN_TOKEN)
 *
 * Validates the document, then writes it with
 *   wrangler kv key put --binding ROUTES <key> --path <file> (--local | --remote)
 * An invalid document is refused (exit 1) and nothing is written. The key defaults to ROUTES_KEY
 * from wrangler.toml. Default target is --local (wrangler dev's local KV); use --remote for production.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { putViaAdmin } from "./admin-put.ts";
import { checkFile } from "./check-file.ts";

function usage(msg: string): never {
  console.error(
    `${msg}\nusage: npm run routes:put -- <file.json> [--local | --remote] [--key <key>] [--env <env>] [--persist-to <dir>]\n       npm run routes:put -- <file.json> --admin-url <https://host/_edge>  (token in env EDGE_ADMIN_TOKEN)`,
  );
  process.exit(2);
}

const args = process.argv.slice(2);
let file: string | undefined;
let target = "--local";
let key: string | undefined;
let adminUrl: string | undefined;
const extra: string[] = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i]!;
  if (a === "--local" || a === "--remote") target = a;
  else if (a === "--key") key = args[++i] ?? usage("--key needs a value");
  else if (a === "--admin-url") adminUrl = args[++i] ?? usage("--admin-url needs a value");
  else if (a === "--env" || a === "--persist-to" || a === "--config")
    extra.push(a, args[++i] ?? usage(`${a} needs a value`));
  else if (a.startsWith("--")) usage(`unknown option ${a}`);
  else if (file === undefined) file = a;
  else usage(`unexpected argument ${a}`);
}
if (file === undefined) usage("missing file");

const checked = checkFile(file);
if (!checked.ok) {
  console.error(checked.report);
  console.error("refusing to write an invalid document; nothing was changed");
  process.exit(1);
}
console.log(checked.summary);
if (adminUrl !== undefined) process.exit(await putViaAdmin(adminUrl, file, process.env.EDGE_ADMIN_TOKEN));

if (key === undefined) {
  const toml = readFileSync("wrangler.toml", "utf8");
  key = /^ROUTES_KEY\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? "routes";
}

// wrangler's package exports do not expose bin/, so resolve it next to its package.json.
const wrangler = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");
const cmd = ["kv", "key", "put", "--binding", "ROUTES", key, "--path", file, target, ...extra];
console.log(`wrangler ${cmd.join(" ")}`);
const r = spawnSync(process.execPath, [wrangler, ...cmd], {
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
process.exit(r.status ?? 1);
