/**
 * A small version-range evaluator for API-version routing (no dependency).
 * Two families, never mixed within one range:
 *  - semver-like: `2`, `2.1`, `2.1.3`, `2.1.0-beta.1`; ranges `^2`, `~2.1`, `>=2.1 <3`, `2.x`, `1.2 - 1.4`, `1 || 3`;
 *  - date-style (Azure/Stripe style): `2024-06-01`, `2024-06-01-preview`; ranges with `=`, `>`, `>=`, `<`, `<=`.
 * A missing minor/patch in a VERSION counts as 0 (`2` is 2.0.0); in a RANGE it is a wildcard (`2` means 2.x).
 * Prerelease versions compare by semver precedence and, as in npm, only match ranges that name a
 * prerelease of the same version.
 */

export class VersionRangeError extends Error {
  readonly code = "ERR_VERSION_RANGE";
}

export type Version =
  | { kind: "semver"; nums: [number, number, number]; pre: string[] }
  | { kind: "date"; text: string };

const SEMVER = /^[vV]?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/;
const DATE = /^\d{4}-\d{2}-\d{2}(?:-[0-9A-Za-z.-]+)?$/;

/** Strips a leading `v` from semver-looking values (`v2` -> `2`); leaves others as they are. */
export function normalizeVersion(raw: string): string {
  const t = raw.trim();
  return /^[vV]\d/.test(t) ? t.slice(1) : t;
}

export function parseVersion(raw: string): Version | null {
  const t = raw.trim();
  if (DATE.test(t)) return { kind: "date", text: t };
  const m = SEMVER.exec(t);
  if (!m) return null;
  return {
    kind: "semver",
    nums: [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)],
    pre: m[4] ? m[4].split(".") : [],
  };
}

export function compareVersions(a: Version, b: Version): number {
  if (a.kind === "date" || b.kind === "date") {
    const x = a.kind === "date" ? a.text : "",
      y = b.kind === "date" ? b.text : "";
    return x < y ? -1 : x > y ? 1 : 0;
  }
  for (let i = 0; i < 3; i++) if (a.nums[i] !== b.nums[i]) return a.nums[i]! < b.nums[i]! ? -1 : 1;
  return comparePre(a.pre, b.pre);
}

function comparePre(a: string[], b: string[]): number {
  if (a.length === 0 || b.length === 0) return a.length === b.length ? 0 : a.length === 0 ? 1 : -1;
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const x = a[i],
      y = b[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    if (x === y) continue;
    const nx = /^\d+$/.test(x),
      ny = /^\d+$/.test(y);
    if (nx && ny) return Number(x) < Number(y) ? -1 : 1;
    if (nx !== ny) return nx ? -1 : 1;
    return x < y ? -1 : 1;
  }
  return 0;
}

type Op = "<" | "<=" | ">" | ">=" | "=";
interface Comparator {
  op: Op;
  v: Version;
}
/** A compiled range: a disjunction of conjunctions of comparators. */
export interface VersionRange {
  readonly kind: "semver" | "date";
  test(version: string): boolean;
}

const sv = (a: number, b: number, c: number): Version => ({ kind: "semver", nums: [a, b, c], pre: [] });

/** Desugars one semver term (`^1.2`, `~1`, `1.x`, `>=2`) into comparators. */
function semverTerm(term: string, out: Comparator[]): void {
  const m = /^(\^|~|>=|<=|>|<|=)?[vV]?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?(?:-([0-9A-Za-z.-]+))?$/.exec(
    term,
  );
  if (!m) throw new VersionRangeError(`"${term}" is not a version or comparator`);
  const op = m[1] ?? "";
  const wild = (s: string | undefined) => s === undefined || /^[xX*]$/.test(s);
  const [M, mi, p] = [m[2], m[3], m[4]];
  const nM = wild(M) ? -1 : Number(M),
    nm = wild(mi) ? -1 : Number(mi),
    np = wild(p) ? -1 : Number(p);
  const pre = m[5] ? m[5].split(".") : [];
  if (nM < 0) {
    if (op === "<" || op === ">") out.push({ op: "<", v: sv(0, 0, 0) });
    return;
  } // `*`: anything
  const lo: Version = { kind: "semver", nums: [nM, Math.max(nm, 0), Math.max(np, 0)], pre };
  // Exclusive upper bound of the wildcard span (`2` -> <3.0.0, `2.1` -> <2.2.0).
  const spanHi = nm < 0 ? sv(nM + 1, 0, 0) : np < 0 ? sv(nM, nm + 1, 0) : null;
  switch (op) {
    case "^": {
      const hi = nM > 0 || nm < 0 ? sv(nM + 1, 0, 0) : nm > 0 || np < 0 ? sv(0, nm + 1, 0) : sv(0, 0, np + 1);
      out.push({ op: ">=", v: lo }, { op: "<", v: hi });
      return;
    }
    case "~":
      out.push({ op: ">=", v: lo }, { op: "<", v: nm < 0 ? sv(nM + 1, 0, 0) : sv(nM, nm + 1, 0) });
      return;
    case ">":
      out.push(spanHi ? { op: ">=", v: spanHi } : { op: ">", v: lo });
      return;
    case "<=":
      out.push(spanHi ? { op: "<", v: spanHi } : { op: "<=", v: lo });
      return;
    case ">=":
    case "<":
      out.push({ op, v: lo });
      return;
    default:
      if (spanHi) out.push({ op: ">=", v: lo }, { op: "<", v: spanHi });
      else out.push({ op: "=", v: lo });
  }
}

function dateTerm(term: string, out: Comparator[]): void {
  const m = /^(>=|<=|>|<|=)?(.+)$/.exec(term)!;
  const v = parseVersion(m[2]!);
  if (v?.kind !== "date") throw new VersionRangeError(`"${term}" is not a date-style comparator (like >=2024-01-01)`);
  out.push({ op: (m[1] ?? "=") as Op, v });
}

function holds(c: Comparator, v: Version): boolean {
  const r = compareVersions(v, c.v);
  switch (c.op) {
    case "<":
      return r < 0;
    case "<=":
      return r <= 0;
    case ">":
      return r > 0;
    case ">=":
      return r >= 0;
    default:
      return r === 0;
  }
}

/**
 * npm's prerelease rule: `3.0.0-rc.1` satisfies a set only if one of its comparators names a
 * prerelease of the same major.minor.patch (so `^2` never admits `3.0.0-rc.1`).
 */
function preAllowed(set: Comparator[], v: Version): boolean {
  if (v.kind !== "semver" || v.pre.length === 0) return true;
  return set.some((c) => c.v.kind === "semver" && c.v.pre.length > 0 && c.v.nums.every((n, i) => n === v.nums[i]));
}

/** Parses a range once (at config load); throws VersionRangeError with a readable message. */
export function parseVersionRange(range: string): VersionRange {
  const text = range.trim();
  if (text === "") throw new VersionRangeError("range is empty");
  const kind = /\d{4}-\d{2}-\d{2}/.test(text) ? "date" : "semver";
  const sets: Comparator[][] = text.split("||").map((alt) => {
    const a = alt.trim().replace(/(\^|~|>=|<=|>|<|=)\s+/g, "$1");
    if (a === "") throw new VersionRangeError(`empty alternative in "${range}"`);
    const out: Comparator[] = [];
    const hyphen = kind === "semver" ? /^(\S+)\s+-\s+(\S+)$/.exec(a) : null;
    if (hyphen) {
      semverTerm(`>=${hyphen[1]}`, out);
      semverTerm(`<=${hyphen[2]}`, out);
    } else for (const term of a.split(/\s+/)) (kind === "date" ? dateTerm : semverTerm)(term, out);
    return out;
  });
  return {
    kind,
    test(version: string): boolean {
      const v = parseVersion(version);
      if (!v || v.kind !== kind) return false;
      return sets.some((set) => set.every((c) => holds(c, v)) && preAllowed(set, v));
    },
  };
}
