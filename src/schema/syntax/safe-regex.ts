import { RE2JS } from "re2js";

/**
 * Every regex that comes from the route table (path, header, cookie, query conditions and
 * `rewrite.regex`) runs on RE2 semantics — `re2js`, a pure-JS port of RE2 (no eval, no native code)
 * — as Envoy's `safe_regex` does: matching time is linear in the input whatever the pattern, so no
 * pattern can block the isolate (a backtracking engine took 16 s on one 33-character request for a
 * pattern of only `?` and exact counts). Validation compiles with the same engine, so what loads is
 * exactly what runs. Features RE2 lacks (backreferences, lookaround) are refused at load with the
 * engine's message and a hint. JavaScript `RegExp` stays only for the project's own constant patterns.
 */

export const MAX_REGEX_LENGTH = 1024;
/**
 * Values longer than this never match a regex condition (path, header, cookie, query); a longer
 * path under a `rewrite.regex` is refused. Linear time is still time: this bounds it per request.
 */
export const MAX_REGEX_INPUT = 4096;

export class UnsafeRegexError extends Error {
  readonly code = "ERR_UNSAFE_REGEX";
}

/** A compiled table regex that must match the whole value. */
export interface TableRegex {
  test(value: string): boolean;
}

/** A compiled `rewrite.regex`: every match replaced, `$1`, `$<name>`, `$&` and `$$` as in JavaScript. */
export interface RewriteRegex {
  replaceAll(value: string, substitution: string): string;
}

/** Why a table regex is refused (its JSON path is added by the caller), or null when it compiles. */
export function unsafeRegexReason(pattern: string): string | null {
  try {
    compileRe2(pattern, 0);
    return null;
  } catch (e) {
    return (e as Error).message;
  }
}

/** Compiles a condition regex (anchored at both ends: it must match the whole value). Throws UnsafeRegexError. */
export function compileSafeRegex(pattern: string, ignoreCase = false): TableRegex {
  const re = compileRe2(pattern, ignoreCase ? RE2JS.CASE_INSENSITIVE : 0);
  return { test: (value) => re.testExact(value) };
}

/** Compiles a rewrite pattern (unanchored; every match is replaced). Throws UnsafeRegexError. */
export function compileSafeRewriteRegex(pattern: string): RewriteRegex {
  const re = compileRe2(pattern, 0);
  return { replaceAll: (value, substitution) => re.matcher(value).replaceAll(substitution) };
}

function compileRe2(pattern: string, flags: number): RE2JS {
  if (pattern.length > MAX_REGEX_LENGTH)
    throw new UnsafeRegexError(`regex is longer than ${MAX_REGEX_LENGTH} characters`);
  try {
    return RE2JS.compile(pattern, flags);
  } catch (e) {
    throw new UnsafeRegexError(`invalid regex (RE2 syntax): ${reasonOf(pattern, (e as Error).message)}`);
  }
}

/** re2js's message, plus why when the pattern uses what a linear-time engine cannot do. */
function reasonOf(pattern: string, message: string): string {
  const msg = message.replace(/^error parsing regexp: /, "");
  if (/\(\?<?[=!]/.test(pattern)) return `${msg}; lookahead and lookbehind are not supported (RE2 runs in linear time)`;
  if (/\\[1-9]|\\k</.test(pattern)) return `${msg}; backreferences are not supported (RE2 runs in linear time)`;
  return msg;
}
