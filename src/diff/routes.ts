import { type Change, leafChanges, summarize } from "./leaves.ts";

type R = Record<string, unknown>;

/** A route's identity across versions: its name, else its match block (an unnamed route renamed is added + removed). */
const keyOf = (r: R): string =>
  typeof r.name === "string" ? `name:${r.name}` : `match:${JSON.stringify(r.match ?? {})}`;
const label = (r: R, i: number): string => (typeof r.name === "string" ? r.name : `#${i}`);

/** Match order: higher priority first, then document order (as src/router/route.ts orderRoutes). */
function matchOrder(routes: R[]): string[] {
  return routes
    .map((r, i) => ({ r, i, p: typeof r.priority === "number" ? r.priority : 0 }))
    .sort((x, y) => y.p - x.p || x.i - y.i)
    .map(({ r }) => keyOf(r));
}

/**
 * Routes of one virtual host: added, removed, changed (field by field), and moved when a route
 * kept its identity but its place in match order among the routes both versions share changed.
 */
export function diffRoutes(host: string, a: R[], b: R[], oldBase: string, newBase: string, out: Change[]): void {
  const oldIdx = new Map(a.map((r, i) => [keyOf(r), i]));
  const newIdx = new Map(b.map((r, i) => [keyOf(r), i]));
  a.forEach((r, i) => {
    if (!newIdx.has(keyOf(r)))
      out.push({ kind: "removed", path: `${oldBase}.routes[${i}]`, summary: `route ${host}/${label(r, i)} removed` });
  });
  b.forEach((r, i) => {
    const path = `${newBase}.routes[${i}]`;
    const j = oldIdx.get(keyOf(r));
    if (j === undefined) out.push({ kind: "added", path, summary: `route ${host}/${label(r, i)} added` });
    else {
      const leaves = leafChanges(a[j], r, path);
      if (leaves.length > 0)
        out.push({ kind: "changed", path, summary: `route ${host}/${label(r, i)}: ${summarize(leaves, path)}` });
    }
  });
  const shared = (order: string[]) => order.filter((k) => oldIdx.has(k) && newIdx.has(k));
  const before = shared(matchOrder(a));
  const after = shared(matchOrder(b));
  after.forEach((k, pos) => {
    const was = before.indexOf(k);
    if (was === pos) return;
    const i = newIdx.get(k)!;
    out.push({
      kind: "moved",
      path: `${newBase}.routes[${i}]`,
      summary: `route ${host}/${label(b[i]!, i)} moved in match order: ${was + 1} → ${pos + 1} (of the ${after.length} routes in both)`,
    });
  });
}
