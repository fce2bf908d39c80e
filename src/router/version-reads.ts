/**
 * Where the indexed matcher reads a route's API version: the route's sources as slots of the
 * host's RequestView (a header read by several routes is read once per request). Same rules as
 * the reference's readers (version.ts): sources in order, the first with a value wins, else the
 * default; header and query values are trimmed, an empty one counts as none.
 */
import type { ApiVersionMatch } from "../schema/l7.ts";
import type { RequestView, SlotTable } from "./request-view.ts";
import { type CompiledVersion, compileVersion, mediaTypeRegex } from "./version.ts";

const HEADER = 0;
const QUERY = 1;
const MEDIA_TYPE = 2;
const PATH = 3;

class VersionSource {
  readonly type: number;
  readonly slot: number;
  readonly re: RegExp | null;

  constructor(type: number, slot: number, re: RegExp | null) {
    this.type = type;
    this.slot = slot;
    this.re = re;
  }
}

export class VersionReads {
  readonly #sources: VersionSource[];
  readonly #fallback: string | undefined;
  readonly #rule: CompiledVersion;
  /** The header slot when the only source is a header, else -1. */
  readonly #single: number;

  constructor(m: ApiVersionMatch, slots: SlotTable) {
    this.#sources = m.from.map((s) => {
      switch (s.type) {
        case "header":
          return new VersionSource(HEADER, slots.header(s.name), null);
        case "query":
          return new VersionSource(QUERY, slots.queryParam(s.name), null);
        case "mediaType":
          return new VersionSource(MEDIA_TYPE, slots.header("accept"), mediaTypeRegex(s.vendor));
        case "pathSegment":
          return new VersionSource(PATH, -1, null);
      }
    });
    this.#fallback = m.default;
    this.#single = this.#sources.length === 1 && this.#sources[0]!.type === HEADER ? this.#sources[0]!.slot : -1;
    this.#rule = compileVersion(m);
  }

  /** false when the route does not accept the request's version; else the normalized version (undefined: none). */
  verdict(view: RequestView, pathVersion: string | undefined): string | undefined | false {
    const s = this.#single;
    // One header source, the common rule: read it inline.
    const raw = s >= 0 ? view.header(s)?.trim() || this.#fallback : this.#resolve(view, pathVersion);
    return this.#rule.verdict(raw);
  }

  #resolve(view: RequestView, pathVersion: string | undefined): string | undefined {
    const sources = this.#sources;
    for (let i = 0; i < sources.length; i++) {
      const s = sources[i]!;
      let v: string | undefined;
      switch (s.type) {
        case HEADER:
          v = view.header(s.slot)?.trim() || undefined;
          break;
        case QUERY:
          v = view.query(s.slot)?.trim() || undefined;
          break;
        case MEDIA_TYPE: {
          const accept = view.header(s.slot);
          v = accept ? s.re!.exec(accept)?.[1] : undefined;
          break;
        }
        default:
          v = pathVersion;
      }
      if (v !== undefined) return v;
    }
    return this.#fallback;
  }
}

/** One VersionReads per distinct version rule of a virtual host (see CheckPool: the same reason). */
export class VersionReadsPool {
  readonly #reads = new Map<string, VersionReads>();

  get(m: ApiVersionMatch, slots: SlotTable): VersionReads {
    const key = JSON.stringify(m);
    let r = this.#reads.get(key);
    if (r === undefined) this.#reads.set(key, (r = new VersionReads(m, slots)));
    return r;
  }
}
