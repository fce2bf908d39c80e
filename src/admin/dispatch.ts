/**
 * Which requests the admin API takes: only when the ADMIN_TOKEN secret is set, and only paths at
 * or under the prefix (ADMIN_PREFIX, default `/_edge`). Everything else, and everything when the
 * token is unset, is routed by the route table as usual. This runs on every request, so it is a
 * few string operations on the raw URL and no URL parsing.
 */
import { log } from "../core/log.ts";

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
  const prefix = adminPrefixOf(env);
  if (prefix === undefined) return undefined;
  // The path starts at the first "/" after "scheme://".
  const start = url.indexOf("/", url.indexOf("//") + 2);
  if (start < 0 || !url.startsWith(prefix, start)) return undefined;
  const next = url.charCodeAt(start + prefix.length);
  // End of URL, "/", "?" or "#": `/_edge` and `/_edge/x` are admin paths, `/_edgex` is not.
  return Number.isNaN(next) || next === 47 || next === 63 || next === 35 ? prefix : undefined;
}
