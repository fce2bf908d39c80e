/**
 * Route regexes run on every request against attacker-controlled input, and JavaScript's engine
 * backtracks. We therefore accept only a safe subset (in the spirit of Envoy's RE2 `safe_regex`):
 * no backreferences or lookaround (not expressible in a linear-time engine); no group that holds a
 * variable repeat or an alternation repeated more than once (`(a+)+`, `(a|aa)*`, `(a+){16}`), the
 * shapes behind exponential backtracking (ReDoS); and at most MAX_VARIABLE_REPEATS variable repeats
 * in all (`a*a*a*b` is cubic). Patterns always match the WHOLE value (anchored).
 */

export const MAX_REGEX_LENGTH = 1024;
/**
 * Values longer than this never match a regex condition (path, header, cookie, query): even a
 * pattern without nested repetition can take polynomial time (`.*a.*b` is quadratic), so the
 * input is bounded too.
 */
export const MAX_REGEX_INPUT = 4096;
/**
 * At most this many variable repeats (`*`, `+`, `{n,}`, `{n,m}` with m > n; not `?` or `{n}`) per
 * pattern: each one can multiply the worst-case work by the input length (3 on 4096 chars: seconds).
 */
export const MAX_VARIABLE_REPEATS = 2;

export class UnsafeRegexError extends Error {
  readonly code = "ERR_UNSAFE_REGEX";
}

interface GroupState {
  /** The group contains a variable repeat (`*`, `+`, `{n,}`, `{n,m}`) or a `|`. */
  risky: boolean;
}

/** Returns why `pattern` is rejected, or null when it is acceptable. Does not compile it. */
export function unsafeRegexReason(pattern: string): string | null {
  if (pattern.length > MAX_REGEX_LENGTH) return `is longer than ${MAX_REGEX_LENGTH} characters`;
  const stack: GroupState[] = [{ risky: false }];
  let lastAtomRisky = false; // the atom just closed was a risky group
  let repeats = 0;
  let i = 0;
  while (i < pattern.length) {
    const c = pattern[i]!;
    if (c === "\\") {
      const n = pattern[i + 1] ?? "";
      if (/[1-9]/.test(n)) return `uses a backreference (\\${n}); backreferences cannot be matched in linear time`;
      if (n === "k" && pattern[i + 2] === "<")
        return "uses a named backreference (\\k<...>); backreferences cannot be matched in linear time";
      i += 2;
      lastAtomRisky = false;
      continue;
    }
    if (c === "[") {
      i = skipClass(pattern, i);
      lastAtomRisky = false;
      continue;
    }
    if (c === "(") {
      if (pattern.startsWith("(?=", i) || pattern.startsWith("(?!", i))
        return "uses lookahead ((?= or (?!); lookaround is not allowed in route regexes";
      if (pattern.startsWith("(?<=", i) || pattern.startsWith("(?<!", i))
        return "uses lookbehind ((?<= or (?<!); lookaround is not allowed in route regexes";
      stack.push({ risky: false });
      i += pattern.startsWith("(?", i) ? 2 : 1;
      lastAtomRisky = false;
      continue;
    }
    if (c === ")") {
      const g = stack.pop();
      if (!g || stack.length === 0) return "has an unbalanced ')'";
      if (g.risky) stack[stack.length - 1]!.risky = true;
      lastAtomRisky = g.risky;
      i++;
      continue;
    }
    if (c === "|") {
      stack[stack.length - 1]!.risky = true;
      lastAtomRisky = false;
      i++;
      continue;
    }
    const q = quantifierAt(pattern, i);
    if (q) {
      if (q.max > 1 && lastAtomRisky) {
        return "repeats a group that itself contains a repetition or alternation (like (a+)+, (a|b)* or (a+){16}); this can backtrack exponentially (ReDoS)";
      }
      const variable = q.max > Math.max(q.min, 1);
      if (variable && ++repeats > MAX_VARIABLE_REPEATS) {
        return `uses more than ${MAX_VARIABLE_REPEATS} variable repeats ('.*', '[0-9]+', 'a{1,5}', ...); each can multiply the matching work by the input length (use exact counts like {8}, or match fewer parts)`;
      }
      if (variable) stack[stack.length - 1]!.risky = true;
      i = q.end;
      if (pattern[i] === "?") i++; // lazy modifier
      lastAtomRisky = false;
      continue;
    }
    lastAtomRisky = false;
    i++;
  }
  if (stack.length !== 1) return "has an unclosed '('";
  return null;
}

function skipClass(p: string, start: number): number {
  let i = start + 1;
  if (p[i] === "^") i++;
  if (p[i] === "]") i++;
  while (i < p.length && p[i] !== "]") i += p[i] === "\\" ? 2 : 1;
  return i + 1;
}

function quantifierAt(p: string, i: number): { end: number; min: number; max: number } | null {
  const c = p[i];
  if (c === "*") return { end: i + 1, min: 0, max: Infinity };
  if (c === "+") return { end: i + 1, min: 1, max: Infinity };
  if (c === "?") return { end: i + 1, min: 0, max: 1 };
  if (c === "{") {
    const m = /^\{(\d+)(,(\d*))?\}/.exec(p.slice(i, i + 24));
    if (!m) return null;
    const min = Number(m[1]);
    const max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    return { end: i + m[0].length, min, max };
  }
  return null;
}

/** Compiles an accepted pattern, anchored so it must match the whole value. Throws UnsafeRegexError. */
export function compileSafeRegex(pattern: string, ignoreCase = false): RegExp {
  const reason = unsafeRegexReason(pattern);
  if (reason) throw new UnsafeRegexError(`regex ${reason}`);
  try {
    return new RegExp(`^(?:${pattern})$`, ignoreCase ? "i" : "");
  } catch (e) {
    throw new UnsafeRegexError(`invalid regex: ${(e as Error).message}`);
  }
}

/** Compiles a rewrite pattern (unanchored, global) with the same safety rules. */
export function compileSafeRewriteRegex(pattern: string): RegExp {
  const reason = unsafeRegexReason(pattern);
  if (reason) throw new UnsafeRegexError(`regex ${reason}`);
  try {
    return new RegExp(pattern, "g");
  } catch (e) {
    throw new UnsafeRegexError(`invalid regex: ${(e as Error).message}`);
  }
}
