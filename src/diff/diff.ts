/**
 * A semantic diff of two edge documents: virtual hosts, routes, pools and settings added, removed,
 * changed or re-ordered, each with its JSON path (in the NEW document; in the old one for removals).
 * Works on the documents as written (no defaults filled in), so paths point into the files.
 * Shared by `edge-router diff` and `POST /_edge/diff`.
 */
import { type Change, type LeafChange, leafChanges, member, summarize } from "./leaves.ts";
import { diffRoutes } from "./routes.ts";

export type { Change } from "./leaves.ts";

type Doc = Record<string, unknown>;
const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.map(obj) : []);

function changed(out: Change[], path: string, what: string, leaves: LeafChange[]): void {
  if (leaves.length > 0) out.push({ kind: "changed", path, summary: `${what}: ${summarize(leaves, path)}` });
}

function diffPools(a: Doc, b: Doc, out: Change[]): void {
  const pa = obj(a.pools);
  const pb = obj(b.pools);
  for (const name of Object.keys(pa))
    if (!Object.hasOwn(pb, name))
      out.push({ kind: "removed", path: member("$.pools", name), summary: `pool ${name} removed` });
  for (const name of Object.keys(pb)) {
    const path = member("$.pools", name);
    if (!Object.hasOwn(pa, name)) {
      const n = arr(obj(pb[name]).origins).length;
      out.push({ kind: "added", path, summary: `pool ${name} added (${n} origin${n === 1 ? "" : "s"})` });
    } else changed(out, path, `pool ${name}`, leafChanges(pa[name], pb[name], path));
  }
}

function diffHosts(a: Doc, b: Doc, out: Change[]): void {
  const ha = arr(a.virtualHosts);
  const hb = arr(b.virtualHosts);
  const nameOf = (h: Record<string, unknown>, i: number) => (typeof h.name === "string" ? h.name : `#${i}`);
  const oldAt = new Map(ha.map((h, i) => [nameOf(h, i), i]));
  const newAt = new Map(hb.map((h, i) => [nameOf(h, i), i]));
  ha.forEach((h, i) => {
    if (!newAt.has(nameOf(h, i)))
      out.push({ kind: "removed", path: `$.virtualHosts[${i}]`, summary: `virtual host ${nameOf(h, i)} removed` });
  });
  // Virtual hosts are chosen by domain, not by order: a position change is not reported.
  hb.forEach((h, i) => {
    const name = nameOf(h, i);
    const path = `$.virtualHosts[${i}]`;
    const j = oldAt.get(name);
    if (j === undefined) {
      out.push({ kind: "added", path, summary: `virtual host ${name} added (${arr(h.routes).length} routes)` });
      return;
    }
    const old = ha[j]!;
    changed(
      out,
      `${path}.domains`,
      `virtual host ${name} domains`,
      leafChanges(old.domains, h.domains, `${path}.domains`),
    );
    const { routes: _a, domains: _b, ...restOld } = old;
    const { routes: _c, domains: _d, ...restNew } = h;
    changed(out, path, `virtual host ${name}`, leafChanges(restOld, restNew, path));
    diffRoutes(name, arr(old.routes), arr(h.routes), `$.virtualHosts[${j}]`, path, out);
  });
}

export function diffDocuments(a: unknown, b: unknown): Change[] {
  const da = obj(a);
  const db = obj(b);
  const out: Change[] = [];
  if (da.version !== db.version)
    out.push({
      kind: "changed",
      path: "$.version",
      summary: `version ${JSON.stringify(da.version)} → ${JSON.stringify(db.version)}`,
    });
  diffHosts(da, db, out);
  diffPools(da, db, out);
  changed(out, "$.settings", "settings", leafChanges(da.settings, db.settings, "$.settings"));
  changed(out, "$.l4", "l4", leafChanges(da.l4, db.l4, "$.l4"));
  return out;
}
