/**
 * Enough of a KVNamespace over `wrangler kv key` for the version store (src/admin/versions/store.ts),
 * so `--wrangler` targets keep the same KV layout as the admin API. One `kv key list` up front gives
 * every key under the routes key with its metadata (wrangler's `get` cannot tell a missing key
 * from a value, nor read metadata); puts and deletes keep that listing current.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { EXIT } from "./output.ts";
import { CliExit } from "./read.ts";

export interface WranglerOptions {
  remote: boolean;
  env?: string | undefined;
  persistTo?: string | undefined;
}

const wranglerBin = () =>
  join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");

export class WranglerKv {
  readonly #opts: WranglerOptions;
  readonly #listed = new Map<string, unknown>();
  /** Values read or written in this run (each wrangler call costs seconds). */
  readonly #values = new Map<string, Uint8Array>();

  constructor(opts: WranglerOptions, prefix: string) {
    this.#opts = opts;
    const out = this.#run(["list", "--prefix", prefix]);
    for (const e of JSON.parse(out) as Array<{ name: string; metadata?: unknown }>)
      this.#listed.set(e.name, e.metadata ?? null);
  }

  #run(args: string[]): string {
    return this.#runRaw(args).toString("utf8");
  }

  #runRaw(args: string[]): Buffer {
    const scope = [this.#opts.remote ? "--remote" : "--local"];
    if (this.#opts.env) scope.push("--env", this.#opts.env);
    if (this.#opts.persistTo && !this.#opts.remote) scope.push("--persist-to", this.#opts.persistTo);
    const [verb, ...rest] = args;
    const r = spawnSync(
      process.execPath,
      [wranglerBin(), "kv", "key", verb!, ...rest, "--binding", "ROUTES", ...scope],
      {
        env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    if (r.status !== 0) throw new CliExit(EXIT.REFUSED, `wrangler kv key ${verb} failed:\n${r.stderr || r.stdout}`);
    return r.stdout;
  }

  async get(key: string, type?: "arrayBuffer"): Promise<string | ArrayBuffer | null> {
    return (await this.getWithMetadata(key, type)).value;
  }

  async getWithMetadata(
    key: string,
    type?: "arrayBuffer",
  ): Promise<{ value: string | ArrayBuffer | null; metadata: unknown }> {
    if (!this.#listed.has(key)) return { value: null, metadata: null };
    // Without --text wrangler writes the exact bytes (with --text it appends newlines).
    let bytes = this.#values.get(key);
    if (bytes === undefined) this.#values.set(key, (bytes = new Uint8Array(this.#runRaw(["get", key]))));
    const value = type === "arrayBuffer" ? bytes.slice().buffer : new TextDecoder().decode(bytes);
    return { value, metadata: this.#listed.get(key) ?? null };
  }

  async put(key: string, value: string | ArrayBuffer | Uint8Array, opts?: { metadata?: unknown }): Promise<void> {
    const dir = mkdtempSync(join(tmpdir(), "edge-kv-"));
    try {
      const file = join(dir, "value");
      const bytes =
        typeof value === "string" ? new TextEncoder().encode(value) : new Uint8Array(value as ArrayBuffer).slice();
      writeFileSync(file, bytes);
      const meta = opts?.metadata === undefined ? [] : ["--metadata", JSON.stringify(opts.metadata)];
      this.#run(["put", key, "--path", file, ...meta]);
      this.#listed.set(key, opts?.metadata ?? null);
      this.#values.set(key, bytes);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  async delete(key: string): Promise<void> {
    this.#run(["delete", key]);
    this.#listed.delete(key);
    this.#values.delete(key);
  }
}

/** ROUTES_KEY from wrangler.toml ([vars]), else "routes". */
export function routesKeyFromToml(): string {
  try {
    return /^ROUTES_KEY\s*=\s*"([^"]+)"/m.exec(readFileSync("wrangler.toml", "utf8"))?.[1] ?? "routes";
  } catch {
    return "routes";
  }
}
