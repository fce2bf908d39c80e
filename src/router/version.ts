/**
 * API-version conditions: where a request names its version, and whether a route accepts it.
 * Sources are tried in the route's order; the first that yields a value wins, else the default.
 */
import type { ApiVersionMatch } from "../schema/l7.ts";
import { normalizeVersion, parseVersion, parseVersionRange } from "../schema/syntax/semver.ts";
import type { MatchInput } from "./types.ts";

export interface PathVersionSource {
  /** Segment index (0 = first) that may hold the version. */
  index: number;
  /** Lower-cased text before the version (`v` in `/v2`). */
  prefix: string;
  strip: boolean;
}

/** The version carried by one path segment (`v2.1` with prefix `v` -> `2.1`), or null. */
export function versionInSegment(segment: string, prefix: string): string | null {
  if (segment.length <= prefix.length) return null;
  if (prefix && segment.slice(0, prefix.length).toLowerCase() !== prefix) return null;
  const rest = segment.slice(prefix.length);
  return parseVersion(rest) ? rest : null;
}

/** Segment `index` of `path` (which starts with '/'), or null if the path is shorter. */
export function segmentAt(path: string, index: number): { start: number; end: number } | null {
  let start = 1;
  for (let i = 0; i < index; i++) {
    const slash = path.indexOf("/", start);
    if (slash === -1) return null;
    start = slash + 1;
  }
  if (start > path.length) return null;
  const slash = path.indexOf("/", start);
  return { start, end: slash === -1 ? path.length : slash };
}

/** Finds a version segment in the path: its value and the path without it. */
export function splitPathVersion(path: string, src: PathVersionSource): { version: string; rest: string } | null {
  const at = segmentAt(path, src.index);
  if (!at) return null;
  const version = versionInSegment(path.slice(at.start, at.end), src.prefix);
  if (version === null) return null;
  // Remove "/<segment>"; keep the path rooted ("/v2" -> "/").
  const rest = path.slice(0, at.start - 1) + path.slice(at.end);
  return { version, rest: rest === "" ? "/" : rest };
}

/** Finds the version in an Accept header: `application/vnd.VENDOR.v2+json` -> `2`. */
export function mediaTypeRegex(vendor: string): RegExp {
  return new RegExp(`application/vnd\\.${vendor.replace(/[.-]/g, "\\$&")}\\.v([0-9][0-9A-Za-z.-]*)`, "i");
}

type Reader = (input: MatchInput, pathVersion: string | undefined) => string | undefined;

function reader(src: ApiVersionMatch["from"][number]): Reader {
  switch (src.type) {
    case "header": {
      const name = src.name;
      return (i) => {
        const v = i.headers.get(name);
        return v === null ? undefined : v.trim() || undefined;
      };
    }
    case "query": {
      const name = src.name;
      return (i) => i.query.get(name)?.trim() || undefined;
    }
    case "mediaType": {
      const re = mediaTypeRegex(src.vendor);
      return (i) => {
        const accept = i.headers.get("accept");
        return accept ? re.exec(accept)?.[1] : undefined;
      };
    }
    case "pathSegment":
      return (_i, pathVersion) => pathVersion;
  }
}

export interface CompiledVersion {
  /** The path source, if any: the matcher splits the path with it before matching the path. */
  readonly path: PathVersionSource | null;
  /** The raw version the request names (or the default); undefined when none. */
  resolve(input: MatchInput, pathVersion: string | undefined): string | undefined;
  /** false when the route does not accept `raw`; else the normalized version (undefined: none). */
  verdict(raw: string | undefined): string | undefined | false;
}

/** Distinct version strings remembered per route; clients send few, attackers many (so it is bounded). */
const VERDICT_MEMO_LIMIT = 256;

export function compileVersion(m: ApiVersionMatch): CompiledVersion {
  const readers = m.from.map(reader);
  const ps = m.from.find((s) => s.type === "pathSegment");
  const path = ps ? { index: ps.index, prefix: ps.prefix.toLowerCase(), strip: ps.strip } : null;
  const fallback = m.default;
  const range = m.range !== undefined ? parseVersionRange(m.range) : null;
  const exact = m.exact !== undefined ? normalizeVersion(m.exact) : undefined;
  const exactRaw = m.exact;
  const unconstrained = exact === undefined && range === null;
  const accepts = (raw: string): boolean =>
    exact !== undefined ? normalizeVersion(raw) === exact : range !== null ? range.test(raw) : true;
  const memo = new Map<string, string | false>();
  return {
    path,
    resolve:
      readers.length === 1
        ? (input, pathVersion) => readers[0]!(input, pathVersion) ?? fallback
        : (input, pathVersion) => {
            for (let i = 0; i < readers.length; i++) {
              const v = readers[i]!(input, pathVersion);
              if (v !== undefined) return v;
            }
            return fallback;
          },
    verdict(raw) {
      if (raw === undefined) return unconstrained ? undefined : false;
      if (raw === exactRaw) return exact; // the version as written in the route: accepted, no lookup
      let v = memo.get(raw);
      if (v === undefined) {
        v = accepts(raw) ? normalizeVersion(raw) : false;
        if (memo.size >= VERDICT_MEMO_LIMIT) memo.clear();
        memo.set(raw, v);
      }
      return v;
    },
  };
}
