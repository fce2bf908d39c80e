import { describe, expect, it } from "vitest";
import { diffDocuments } from "../../src/diff/diff.ts";

const route = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  match: { path: { prefix: `/${name}` } },
  action: { type: "direct", status: 200 },
  ...extra,
});
const doc = (routes: unknown[], pools: Record<string, unknown> = {}, hosts: unknown[] = []) => ({
  version: "1",
  pools,
  virtualHosts: [{ name: "h", domains: ["h.example"], routes }, ...hosts],
});

describe("diffDocuments", () => {
  it("finds nothing between equal documents", () => {
    const d = doc([route("a"), route("b")]);
    expect(diffDocuments(d, structuredClone(d))).toEqual([]);
  });

  it("reports a swap of two routes as moved in match order, not as changes", () => {
    const changes = diffDocuments(doc([route("a"), route("b"), route("c")]), doc([route("b"), route("a"), route("c")]));
    expect(changes.map((c) => [c.kind, c.path])).toEqual([
      ["moved", "$.virtualHosts[0].routes[0]"],
      ["moved", "$.virtualHosts[0].routes[1]"],
    ]);
    expect(changes[0]!.summary).toContain("h/b moved in match order: 2 → 1");
  });

  it("treats priority as match order: raising a route's priority moves it (and changes it)", () => {
    const changes = diffDocuments(doc([route("a"), route("b")]), doc([route("a"), route("b", { priority: 5 })]));
    expect(changes.map((c) => c.kind).sort()).toEqual(["changed", "moved", "moved"]);
  });

  it("identifies unnamed routes by their match and virtual hosts by name, wherever they sit", () => {
    const unnamed = { match: { path: { exact: "/x" } }, action: { type: "direct", status: 204 } };
    const other = { name: "o", domains: ["o.example"], routes: [] };
    const a = doc([unnamed], {}, [other]);
    const b = { ...a, virtualHosts: [other, { ...a.virtualHosts[0]!, domains: ["h.example", "www.h.example"] }] };
    expect(diffDocuments(a, b)).toEqual([
      {
        kind: "changed",
        path: "$.virtualHosts[1].domains",
        summary: 'virtual host h domains: ["h.example"] → ["h.example","www.h.example"]',
      },
    ]);
  });

  it("names pools with odd characters with bracket paths and summarizes at most three fields", () => {
    const p = (w: number) => ({
      origins: [1, 2, 3, 4].map((i) => ({ name: `o${i}`, url: `http://o${i}`, weight: w })),
    });
    const [c] = diffDocuments(doc([], { "api-v1": p(1) }), doc([], { "api-v1": p(2) }));
    expect(c).toEqual({
      kind: "changed",
      path: '$.pools["api-v1"]',
      summary: "pool api-v1: origins[0].weight: 1 → 2; origins[1].weight: 1 → 2; origins[2].weight: 1 → 2 (+1 more)",
    });
  });
});
