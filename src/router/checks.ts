/**
 * A route's conditions as data for the indexed matcher: one Check object per condition (all of one
 * shape), run by one function with a switch, reading the request through a RequestView so each
 * header, cookie and query parameter is read at most once per request whatever the number of
 * candidates. No closures: the call sites stay monomorphic however many kinds of condition a table
 * mixes. The reference matcher keeps its own closure form (conditions.ts): two independent
 * implementations that the differential test holds equal.
 */
import type { RouteMatch } from "../schema/l7.ts";
import { compileSafeRegex, MAX_REGEX_INPUT, type TableRegex } from "../schema/syntax/safe-regex.ts";
import { domainMatches } from "./domains.ts";
import type { RequestView, SlotTable } from "./request-view.ts";

const HOST = 0;
const HEADER = 1;
const COOKIE = 2;
const QUERY = 3;

const PRESENT = 0;
const EXACT = 1;
const PREFIX = 2;
const SUFFIX = 3;
const CONTAINS = 4;
const REGEX = 5;

const GENERIC = 0;
const HEADER_EXACT = 1;
const HEADER_PREFIX = 2;
const COOKIE_EXACT = 3;
const COOKIE_PREFIX = 4;

/** Cheapest first: a host test reads nothing, a query parameter is parsed already, a cookie needs a scan. */
const COST = [0, 2, 3, 1];

interface ValueMatch {
  name: string;
  exact?: string;
  prefix?: string;
  suffix?: string;
  contains?: string;
  regex?: string;
  present?: boolean;
  invert: boolean;
  ignoreCase?: boolean;
}

export class Check {
  readonly source: number;
  readonly slot: number;
  readonly op: number;
  /** The operand, lower-cased when `fold`. */
  readonly text: string;
  readonly re: TableRegex | null;
  /** Lower-case the value before comparing (ignoreCase; regexes carry the `i` flag instead). */
  readonly fold: boolean;
  /** `present: false`: matches when the value is missing. */
  readonly wantAbsent: boolean;
  readonly invert: boolean;
  readonly hosts: readonly string[] | null;
  /** HEADER_EXACT, HEADER_PREFIX, COOKIE_EXACT, COOKIE_PREFIX when the check is one of those shapes without flags; else GENERIC. */
  readonly fast: number;

  constructor(source: number, slot: number, m: ValueMatch | null, hosts: readonly string[] | null) {
    this.source = source;
    this.slot = slot;
    this.hosts = hosts;
    const ignoreCase = m?.ignoreCase === true;
    this.invert = m?.invert === true;
    this.wantAbsent = m?.present === false;
    this.re = null;
    this.fold = false;
    this.text = "";
    if (m === null || m.present !== undefined) this.op = PRESENT;
    else if (m.regex !== undefined) {
      this.op = REGEX;
      this.re = compileSafeRegex(m.regex, ignoreCase);
    } else {
      const [op, text] =
        m.exact !== undefined
          ? [EXACT, m.exact]
          : m.prefix !== undefined
            ? [PREFIX, m.prefix]
            : m.suffix !== undefined
              ? [SUFFIX, m.suffix]
              : [CONTAINS, m.contains!];
      this.op = op;
      this.fold = ignoreCase;
      this.text = ignoreCase ? text.toLowerCase() : text;
    }
    const plain = !this.invert && !this.fold && m !== null && m.present === undefined;
    const shape =
      plain && (source === HEADER || source === COOKIE) && (this.op === EXACT || this.op === PREFIX)
        ? `${source}:${this.op}`
        : "";
    this.fast =
      shape === `${HEADER}:${EXACT}`
        ? HEADER_EXACT
        : shape === `${HEADER}:${PREFIX}`
          ? HEADER_PREFIX
          : shape === `${COOKIE}:${EXACT}`
            ? COOKIE_EXACT
            : shape === `${COOKIE}:${PREFIX}`
              ? COOKIE_PREFIX
              : GENERIC;
  }
}

/**
 * One object per distinct condition (and per distinct list of them) in a virtual host: tables
 * repeat the same conditions on many routes (a canary cookie on every path), and candidates that
 * share them then share a few hot objects instead of each dragging its own into the cache.
 */
export class CheckPool {
  readonly #checks = new Map<string, Check>();
  readonly #lists = new Map<string, Check[]>();
  readonly #ids = new Map<Check, number>();

  check(source: number, slot: number, m: ValueMatch | null, hosts: readonly string[] | null): Check {
    const key = JSON.stringify([source, slot, m, hosts]);
    let c = this.#checks.get(key);
    if (c === undefined) {
      this.#checks.set(key, (c = new Check(source, slot, m, hosts)));
      this.#ids.set(c, this.#ids.size);
    }
    return c;
  }

  list(checks: Check[]): Check[] {
    const key = checks.map((c) => this.#ids.get(c)).join(",");
    let l = this.#lists.get(key);
    if (l === undefined) this.#lists.set(key, (l = checks));
    return l;
  }
}

/** The route's host, header, query and cookie conditions, cheapest first; null when it has none. */
export function compileChecks(m: RouteMatch, slots: SlotTable, pool: CheckPool): Check[] | null {
  const out: Check[] = [];
  if (m.hosts) out.push(pool.check(HOST, -1, null, m.hosts));
  for (const h of m.headers ?? []) out.push(pool.check(HEADER, slots.header(h.name), h, null));
  for (const q of m.query ?? []) out.push(pool.check(QUERY, slots.queryParam(q.name), q, null));
  for (const c of m.cookies ?? []) out.push(pool.check(COOKIE, slots.cookie(c.name), c, null));
  if (out.length === 0) return null;
  // Stable sort: conditions are pure, so their order changes cost, never the answer.
  return pool.list(out.sort((a, b) => COST[a.source]! - COST[b.source]!));
}

/** Every check passes (short-circuits on the first that fails). */
export function passes(checks: readonly Check[], view: RequestView): boolean {
  for (let i = 0; i < checks.length; i++) if (!passesOne(checks[i]!, view)) return false;
  return true;
}

function passesOne(c: Check, view: RequestView): boolean {
  // The common shapes first, in one switch (plain header/cookie exact or prefix: no flags to apply).
  switch (c.fast) {
    case HEADER_EXACT:
      return view.header(c.slot) === c.text;
    case HEADER_PREFIX:
      return view.header(c.slot)?.startsWith(c.text) === true;
    case COOKIE_EXACT:
      return view.cookie(c.slot) === c.text;
    case COOKIE_PREFIX:
      return view.cookie(c.slot)?.startsWith(c.text) === true;
  }
  let v: string | null | undefined;
  switch (c.source) {
    case HOST:
      return hostMatches(c.hosts!, view.input.host);
    case HEADER:
      v = view.header(c.slot);
      break;
    case COOKIE:
      v = view.cookie(c.slot);
      break;
    default:
      v = view.query(c.slot);
  }
  let hit: boolean;
  if (v === null || v === undefined) hit = c.wantAbsent;
  else if (c.wantAbsent) hit = false;
  else hit = valueMatches(c, v);
  return hit !== c.invert;
}

function valueMatches(c: Check, raw: string): boolean {
  const v = c.fold ? raw.toLowerCase() : raw;
  switch (c.op) {
    case EXACT:
      return v === c.text;
    case PREFIX:
      return v.startsWith(c.text);
    case SUFFIX:
      return v.endsWith(c.text);
    case CONTAINS:
      return v.includes(c.text);
    case REGEX:
      return raw.length <= MAX_REGEX_INPUT && c.re!.test(raw);
    default:
      return true; // PRESENT
  }
}

function hostMatches(patterns: readonly string[], host: string): boolean {
  for (let i = 0; i < patterns.length; i++) if (domainMatches(patterns[i]!, host)) return true;
  return false;
}
