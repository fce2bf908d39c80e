/**
 * Non-path conditions of a route, compiled once into small predicates. They run only on
 * routes whose path already matched (the candidates), in declaration order, cheapest first.
 */
import type { CookieMatch, HeaderMatch, QueryMatch, RouteMatch } from "../schema/l7.ts";
import { compileSafeRegex, MAX_REGEX_INPUT } from "../schema/syntax/safe-regex.ts";
import { cookieValue } from "./cookies.ts";
import { domainMatches } from "./domains.ts";
import type { MatchInput } from "./types.ts";

export type Condition = (input: MatchInput) => boolean;

type ValueTest = (value: string) => boolean;

/** Value test for the string matchers; `ignoreCase` lower-cases both sides (pattern once, here). */
function valueTest(
  m: { exact?: string; prefix?: string; suffix?: string; contains?: string; regex?: string },
  ignoreCase: boolean,
): ValueTest {
  const fold = ignoreCase ? (s: string) => s.toLowerCase() : (s: string) => s;
  if (m.exact !== undefined) {
    const x = fold(m.exact);
    return (v) => fold(v) === x;
  }
  if (m.prefix !== undefined) {
    const x = fold(m.prefix);
    return (v) => fold(v).startsWith(x);
  }
  if (m.suffix !== undefined) {
    const x = fold(m.suffix);
    return (v) => fold(v).endsWith(x);
  }
  if (m.contains !== undefined) {
    const x = fold(m.contains);
    return (v) => fold(v).includes(x);
  }
  if (m.regex !== undefined) {
    const re = compileSafeRegex(m.regex, ignoreCase);
    return (v) => v.length <= MAX_REGEX_INPUT && re.test(v);
  }
  return () => true; // `present`
}

/** Present-and-test, then optional inversion. `present: false` means "absent". */
function keyed(
  get: (input: MatchInput) => string | null | undefined,
  present: boolean | undefined,
  test: ValueTest,
  invert: boolean,
): Condition {
  const wantAbsent = present === false;
  return (input) => {
    const v = get(input);
    const hit = v === null || v === undefined ? wantAbsent : !wantAbsent && test(v);
    return hit !== invert;
  };
}

function headerCondition(h: HeaderMatch): Condition {
  const name = h.name;
  // The common shapes get a single closure (this runs per candidate on the hot path).
  if (!h.invert && !h.ignoreCase && h.exact !== undefined) {
    const x = h.exact;
    return (i) => i.headers.get(name) === x;
  }
  if (!h.invert && h.present === true) return (i) => i.headers.get(name) !== null;
  if (!h.invert && !h.ignoreCase && h.present === undefined) {
    // prefix/suffix/contains without options: one closure, no value-test indirection.
    if (h.prefix !== undefined) {
      const x = h.prefix;
      return (i) => i.headers.get(name)?.startsWith(x) === true;
    }
    if (h.suffix !== undefined) {
      const x = h.suffix;
      return (i) => i.headers.get(name)?.endsWith(x) === true;
    }
    if (h.contains !== undefined) {
      const x = h.contains;
      return (i) => i.headers.get(name)?.includes(x) === true;
    }
  }
  return keyed((i) => i.headers.get(name), h.present, valueTest(h, h.ignoreCase), h.invert);
}

/**
 * A cookie's value: from `input.cookies` when the caller parsed them, else by scanning the Cookie
 * header for just this name (no map is built; only routes with cookie conditions pay for it).
 */
export function cookieOf(input: MatchInput, name: string): string | undefined {
  return input.cookies !== undefined ? input.cookies.get(name) : cookieValue(input.headers.get("cookie"), name);
}

function cookieCondition(c: CookieMatch): Condition {
  const name = c.name;
  if (!c.invert && c.exact !== undefined) {
    const x = c.exact;
    return (i) => cookieOf(i, name) === x;
  }
  return keyed((i) => cookieOf(i, name), c.present, valueTest(c, false), c.invert);
}

function queryCondition(q: QueryMatch): Condition {
  const name = q.name;
  return keyed((i) => i.query.get(name), q.present, valueTest(q, false), q.invert);
}

const NO_CONDITIONS: Condition[] = Object.freeze([]) as unknown as Condition[];

/**
 * Header, query, cookie and host conditions of a route (methods are checked separately, inline,
 * see route.ts); an empty list means "always".
 */
export function compileConditions(m: RouteMatch): Condition[] {
  if (!m.hosts && !m.headers?.length && !m.query?.length && !m.cookies?.length) return NO_CONDITIONS;
  const out: Condition[] = [];
  if (m.hosts) {
    const pats = m.hosts;
    out.push((i) => pats.some((p) => domainMatches(p, i.host)));
  }
  for (const h of m.headers ?? []) out.push(headerCondition(h));
  for (const q of m.query ?? []) out.push(queryCondition(q));
  for (const c of m.cookies ?? []) out.push(cookieCondition(c));
  return out;
}
