/**
 * Which requests the admin API takes: only when the ADMIN_TOKEN secret is set, and only paths at
 * or under the prefix (ADMIN_PREFIX, default `/_edge`). Everything else, and everything when the
 * token is unset, is routed by the route table as usual. This runs on every request, so it is a
 * few string operations on the raw URL and no URL parsing.
 *
 * The decision is made on the normalized path, so every spelling of the prefix (`/%5Fedge`,
 * `//_edge`, `/./_edge`, `/x/../_edge`, `/_edge;p`, `\_edge`, `/_edge%2Fconfig`) reaches the admin
 * API and none reaches an origin route as `/_edge/...`. The normalization here is the most lenient
 * one (escaped slashes decoded, slashes merged, `;params` dropped): whatever any path setting or
 * origin might read as the prefix is taken by the admin API.
 */
import { log } from "../core/log.ts";
import { normalizePath } from "../pipeline/ingress/normalize-path.ts";

export const DEFAULT_ADMIN_PREFIX = "/_edge";
// Segments of unreserved characters, none of them "." or "..".
const PREFIX_SHAPE = /^(\/(?!\.\.?(?:\/|$))[A-Za-z0-9._~-]+)+$/;

export interface AdminEnv {
  ADMIN_TOKEN?: string;
  ADMIN_PREFIX?: string;
}

/** The last ADMIN_PREFIX seen and its normalized form (env is the same for every request of a deployment). */
let lastRaw: string | undefined = "";
let lastPrefix: string | undefined = DEFAULT_ADMIN_PREFIX;

/** The configured prefix, or undefined (admin off) when it is not a plain path like `/_edge` or `/ops/edge`. */
export function adminPrefixOf(env: AdminEnv): string | undefined {
  const raw = env.ADMIN_PREFIX;
  if (raw === lastRaw) return lastPrefix;
  lastRaw = raw;
  if (raw === undefined || raw === "") return (lastPrefix = DEFAULT_ADMIN_PREFIX);
  const prefix = raw.endsWith("/") ? raw.slice(0, -1) : raw;
  if (PREFIX_SHAPE.test(prefix)) return (lastPrefix = prefix);
  log.error("admin_prefix_invalid", {
    prefix: raw,
    hint: "ADMIN_PREFIX must look like /_edge; the admin API is off",
  });
  return (lastPrefix = undefined);
}

/** The prefix when this request belongs to the admin API, else undefined. */
export function adminPrefixFor(url: string, env: AdminEnv): string | undefined {
  return adminTargetFor(url, env)?.prefix;
}

/** Where an admin request goes: the prefix, and the URL rewritten to its normalized path when it was spelled otherwise. */
export interface AdminTarget {
  prefix: string;
  /** Set when the raw path was not already the normalized one: the admin app routes on this URL. */
  url?: string;
}

/** Something that normalization could change: an escape, a backslash, a parameter, a dot segment, a double slash. */
const SPELLING = /[%\\;]|\/\.|\/\//;
const LENIENT = { mergeSlashes: true, escapedSlashes: "decode", semicolons: "keep", doubleEscapes: "keep" } as const;

export function adminTargetFor(url: string, env: AdminEnv): AdminTarget | undefined {
  const prefix = adminPrefixOf(env);
  if (prefix === undefined) return undefined;
  // The path starts at the first "/" (or "\") after "scheme://".
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0) return undefined;
  let end = url.length;
  const q = url.indexOf("?", start);
  if (q >= 0) end = q;
  const h = url.indexOf("#", start);
  if (h >= 0 && h < end) end = h;
  const raw = url.slice(start, end);
  if (!SPELLING.test(raw)) {
    // Already normal (the usual case): a prefix test on the raw path.
    return raw.startsWith(prefix) && endsPrefix(raw.charCodeAt(prefix.length)) ? { prefix } : undefined;
  }
  let path: string;
  try {
    path = dropParams(normalizePath(raw, LENIENT));
  } catch {
    return undefined; // not a valid path at all: the router answers 400 BAD_PATH
  }
  if (!path.startsWith(prefix) || !endsPrefix(path.charCodeAt(prefix.length))) return undefined;
  return { prefix, url: url.slice(0, start) + path + url.slice(end) };
}

/** End of path, "/", "?" or "#": `/_edge` and `/_edge/x` are admin paths, `/_edgex` is not. */
function endsPrefix(next: number): boolean {
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35;
}

/** `/_edge;x=1/config` -> `/_edge/config`: origins that honour path parameters read it so. */
function dropParams(path: string): string {
  return path.includes(";") ? path.replace(/;[^/]*/g, "") : path;
}
