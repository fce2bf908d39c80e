/**
 * Where push, pull, versions and rollback act: a worker's admin API (npm start's local worker or a
 * deployed one), or a KV namespace through wrangler with the same versioned layout.
 */
import type { VersionMeta } from "../../admin/versions/keys.ts";
import { activate, readActive, readIndex, readVersion, recordAndActivate } from "../../admin/versions/store.ts";
import type { Values } from "./command.ts";
import { EXIT, UsageError } from "./output.ts";
import { CliExit } from "./read.ts";
import { routesKeyFromToml, WranglerKv } from "./wrangler-kv.ts";

export interface Listing {
  active: string | null;
  candidate: null | { id: string; fraction: number; startedAt: string };
  versions: Array<VersionMeta & { active: boolean }>;
}

export interface Target {
  readonly name: string;
  push(
    bytes: Uint8Array,
    who: { author: string; comment: string },
  ): Promise<{ id: string | null; version: string; changed: boolean }>;
  /** The active document's text, or a stored version's. */
  pull(id?: string): Promise<string>;
  versions(): Promise<Listing>;
  activate(id: string): Promise<{ active: string; version?: string }>;
}

type ErrorBody = { error?: { code: string; message: string; issues?: Array<{ path: string; message: string }> } };

class AdminTarget implements Target {
  readonly name: string;
  readonly #base: string;
  readonly #token: string;
  constructor(base: string, token: string) {
    this.#base = base.replace(/\/+$/, "");
    this.#token = token;
    this.name = this.#base;
  }

  async #call(
    method: string,
    path: string,
    init: { body?: Uint8Array; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const url = `${this.#base}${path}`;
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        ...(init.body ? { body: init.body } : {}),
        headers: { authorization: `Bearer ${this.#token}`, ...init.headers },
        redirect: "error",
        signal: AbortSignal.timeout(30_000),
      });
    } catch (e) {
      throw new CliExit(EXIT.IO, `${method} ${url} failed: ${(e as Error).cause ?? (e as Error).message}`);
    }
    if (res.ok) return res;
    const text = await res.text();
    let body: ErrorBody = {};
    try {
      body = JSON.parse(text) as ErrorBody;
    } catch {}
    const issues = (body.error?.issues ?? []).map((i) => `\n  ${i.path}: ${i.message}`).join("");
    throw new CliExit(
      EXIT.REFUSED,
      `${method} ${url}: HTTP ${res.status} ${body.error?.code ?? ""}: ${body.error?.message ?? text.slice(0, 200)}${issues}`,
    );
  }

  async push(bytes: Uint8Array, who: { author: string; comment: string }) {
    const res = await this.#call("PUT", "/config", {
      body: bytes,
      headers: { "content-type": "application/json", "x-edge-author": who.author, "x-edge-comment": who.comment },
    });
    const b = (await res.json()) as { id?: string; version: string; changed: boolean };
    return { id: b.id ?? null, version: b.version, changed: b.changed };
  }
  async pull(id?: string) {
    if (id === undefined) return (await this.#call("GET", "/config")).text();
    const b = (await (await this.#call("GET", `/versions/${encodeURIComponent(id)}`)).json()) as { document: unknown };
    return `${JSON.stringify(b.document, null, 2)}\n`;
  }
  async versions() {
    return (await (await this.#call("GET", "/versions")).json()) as Listing;
  }
  async activate(id: string) {
    return (await (await this.#call("POST", `/versions/${encodeURIComponent(id)}/activate`)).json()) as {
      active: string;
      version: string;
    };
  }
}

class KvTarget implements Target {
  readonly name: string;
  readonly #env: { ROUTES: KVNamespace; ROUTES_KEY: string };
  constructor(kv: WranglerKv, key: string, label: string) {
    this.#env = { ROUTES: kv as unknown as KVNamespace, ROUTES_KEY: key };
    this.name = label;
  }
  async push(bytes: Uint8Array, who: { author: string; comment: string }) {
    const version = (JSON.parse(new TextDecoder().decode(bytes)) as { version: string }).version;
    const meta = await recordAndActivate(this.#env, bytes, version, who);
    return { id: meta.id, version, changed: true };
  }
  async pull(id?: string) {
    const got = id === undefined ? await readActive(this.#env) : await readVersion(this.#env, id);
    if (got === null)
      throw new CliExit(EXIT.REFUSED, id === undefined ? "no active document in KV" : `no stored version "${id}"`);
    return new TextDecoder().decode(got.bytes);
  }
  async versions(): Promise<Listing> {
    const [active, index] = await Promise.all([readActive(this.#env), readIndex(this.#env)]);
    const id = active?.meta.id ?? null;
    const r = active?.meta.rollout;
    return {
      active: id,
      candidate: r ? { id: r.id, fraction: r.fraction, startedAt: r.startedAt } : null,
      versions: index.versions.map((v) => ({ ...v, active: v.id === id })),
    };
  }
  async activate(id: string) {
    const meta = await activate(this.#env, id);
    if (meta === null) throw new CliExit(EXIT.REFUSED, `no stored version "${id}"`);
    return { active: id, version: meta.version };
  }
}

export function targetOf(values: Values): Target {
  const chosen = ["local", "remote", "wrangler"].filter((k) => values[k] !== undefined);
  if (chosen.length > 1) throw new UsageError(`choose one target: ${chosen.map((k) => `--${k}`).join(", ")}`);
  if (values.wrangler) {
    const key = typeof values.key === "string" ? values.key : routesKeyFromToml();
    const remote = values["wrangler-remote"] === true;
    const kv = new WranglerKv(
      { remote, env: values.env as string | undefined, persistTo: values["persist-to"] as string | undefined },
      key,
    );
    return new KvTarget(kv, key, `wrangler KV (${remote ? "remote" : "local"}) key "${key}"`);
  }
  const token = process.env.EDGE_ADMIN_TOKEN;
  if (!token)
    throw new CliExit(
      EXIT.USAGE,
      "EDGE_ADMIN_TOKEN is not set (the worker's ADMIN_TOKEN; npm start reads the same variable)",
    );
  const url =
    typeof values.remote === "string" ? values.remote : `http://127.0.0.1:${process.env.EDGE_PORT ?? 8787}/_edge`;
  if (!URL.canParse(url)) throw new UsageError(`--remote "${url}" is not a URL`);
  return new AdminTarget(url, token);
}
