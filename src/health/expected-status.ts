import type { StatusPattern } from "../schema/health.ts";

/** Compiles `expectedStatus` ([200, "2xx", "300-399"]) into a predicate over status codes. */
export function statusMatcher(patterns: readonly StatusPattern[]): (status: number) => boolean {
  const ranges: [number, number][] = patterns.map((p) => {
    if (typeof p === "number") return [p, p];
    if (/^[1-5]xx$/.test(p)) {
      const c = Number(p[0]) * 100;
      return [c, c + 99];
    }
    if (p.includes("-")) return [Number(p.slice(0, 3)), Number(p.slice(4))];
    return [Number(p), Number(p)];
  });
  return (status) => ranges.some(([lo, hi]) => status >= lo && status <= hi);
}
