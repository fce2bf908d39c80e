import { type FSWatcher, readFileSync, watch } from "node:fs";
import path from "node:path";
import { type ConfigIssue, type EdgeConfig, formatIssues, parseEdgeConfigText } from "../../schema/index.ts";
import { ConfigLoadError } from "../errors.ts";
import { defaultRelayId, type RelayState, reportUrlOf, sendReport } from "./report.ts";

export type LoadResult =
  | { status: "ok"; config: EdgeConfig }
  | { status: "unchanged" }
  | { status: "invalid"; issues: ConfigIssue[] };

/**
 * Where the edge document comes from: a file path or an http(s) URL (the worker's admin endpoint,
 * `GET /_edge/config`, which needs `token` as `Authorization: Bearer`).
 * URLs are fetched with If-None-Match, so an unchanged document costs a 304.
 */
/** Relay reports repeat an unchanged state this often (the registry forgets a relay after 120 s). */
const HEARTBEAT_MS = 30_000;

export class ConfigSource {
  readonly location: string;
  readonly isUrl: boolean;
  readonly #token: string | undefined;
  readonly #headers: Readonly<Record<string, string>>;
  #etag: string | undefined;
  #lastText: string | undefined;

  /** `headers`: sent with every fetch, e.g. a Cloudflare Access service token in front of the admin API. */
  constructor(location: string, opts: { token?: string; headers?: Record<string, string> } = {}) {
    this.location = location;
    this.isUrl = /^https?:\/\//i.test(location);
    this.#token = opts.token || undefined;
    this.#headers = opts.headers ?? {};
    // A bearer token in clear text is only acceptable on the loopback interface.
    if (
      this.#token !== undefined &&
      /^http:/i.test(location) &&
      !/^http:\/\/(127\.[\d.]+|\[::1\]|localhost)(:\d+)?\//i.test(location)
    ) {
      throw new ConfigLoadError(`refusing to send the config token over plain http to ${location}; use https`);
    }
  }

  /** Reads and validates the document. Throws ConfigLoadError only when it cannot be read at all. */
  async load(force = false): Promise<LoadResult> {
    const text = this.isUrl ? await this.#fetch(force) : await this.#read();
    if (text === undefined || (!force && text === this.#lastText)) return { status: "unchanged" };
    const r = parseEdgeConfigText(text);
    if (!r.ok) return { status: "invalid", issues: r.issues };
    this.#lastText = text;
    return { status: "ok", config: r.config };
  }

  /**
   * For a URL source (the worker's admin API): reports what this relay serves to `…/relays/report`
   * (src/relay/report.ts). Resolves false when the report was not accepted; never throws.
   */
  async report(state: RelayState): Promise<boolean> {
    const url = this.isUrl ? reportUrlOf(this.location) : undefined;
    if (url === undefined) return false;
    // An unchanged state is re-sent only as a heartbeat: each report is a KV write at the edge.
    const body = JSON.stringify(state);
    const now = Date.now();
    if (body === this.#lastReport.body && now - this.#lastReport.at < HEARTBEAT_MS) return true;
    const headers: Record<string, string> = { ...this.#headers };
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    const ok = await sendReport(url, (this.relayId ??= defaultRelayId()), state, headers);
    if (ok) this.#lastReport = { body, at: now };
    return ok;
  }
  #lastReport = { body: "", at: 0 };

  /** This relay's id in reports (default: EDGE_RELAY_ID, else host name and pid). */
  relayId: string | undefined;

  /** Calls `onChange` (debounced) when the file changes or, for URLs, every `pollMs`. Returns a stop function. */
  watch(onChange: () => void, pollMs: number): () => void {
    if (this.isUrl) {
      const t = setInterval(onChange, pollMs);
      t.unref();
      return () => clearInterval(t);
    }
    // Watch the directory: editors and `mv` replace the file, which a file watch would miss.
    const dir = path.dirname(path.resolve(this.location));
    const base = path.basename(this.location);
    let timer: ReturnType<typeof setTimeout> | undefined;
    let w: FSWatcher | undefined;
    try {
      w = watch(dir, (_event, name) => {
        if (name !== null && name !== base) return;
        clearTimeout(timer);
        timer = setTimeout(onChange, 200);
      });
      w.on("error", () => {});
      w.unref();
    } catch {
      // No inotify here: SIGHUP still works.
    }
    return () => {
      clearTimeout(timer);
      w?.close();
    };
  }

  async #read(): Promise<string> {
    try {
      // Synchronous on purpose: a config file is small, and under load every asynchronous fs step
      // waits for a turn of an event loop busy with thousands of sockets (seconds per reload
      // in the soak); one blocking read takes microseconds.
      return readFileSync(this.location, "utf8");
    } catch (e) {
      throw new ConfigLoadError(`cannot read ${this.location}: ${(e as Error).message}`, { cause: e });
    }
  }

  async #fetch(force: boolean): Promise<string | undefined> {
    const headers: Record<string, string> = { ...this.#headers, accept: "application/json" };
    if (this.#etag && !force) headers["if-none-match"] = this.#etag;
    if (this.#token !== undefined) headers.authorization = `Bearer ${this.#token}`;
    let res: Response;
    try {
      res = await fetch(this.location, { headers, redirect: "error", signal: AbortSignal.timeout(10_000) });
    } catch (e) {
      throw new ConfigLoadError(`cannot fetch ${this.location}: ${(e as Error).message}`, { cause: e });
    }
    if (res.status === 304) return undefined;
    if (!res.ok) throw new ConfigLoadError(`fetching ${this.location} returned HTTP ${res.status}`);
    const text = await res.text();
    this.#etag = res.headers.get("etag") ?? undefined;
    return text;
  }
}

export function describeIssues(issues: ConfigIssue[]): string {
  return formatIssues(issues);
}
