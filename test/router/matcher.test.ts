import { describe, expect, it } from "vitest";
import { compileReferenceTable, compileRouteTable } from "../../src/router/compile.ts";
import type { MatchInput } from "../../src/router/types.ts";
import { type EdgeConfig, formatIssues, parseEdgeConfig } from "../../src/schema/index.ts";
import { CASES, type Case, type Req } from "./conformance.ts";

function docOf(c: Case): EdgeConfig {
  const r = parseEdgeConfig({
    version: "t",
    pools: { p: { origins: [{ name: "o", url: "http://127.0.0.1:9" }] } },
    virtualHosts: c.vhosts ?? [{ name: "main", domains: ["*"], routes: c.routes ?? [] }],
  });
  if (!r.ok) throw new Error(`case "${c.name}" is not a valid document:\n${formatIssues(r.issues)}`);
  return r.config;
}

export function inputOf(req: Req): MatchInput {
  return {
    method: req.method ?? "GET",
    host: req.host ?? "example.test",
    path: req.path,
    query: new URLSearchParams(req.query ?? ""),
    headers: new Headers(req.headers ?? {}),
  };
}

const IMPLS = { reference: compileReferenceTable, indexed: compileRouteTable };

for (const [implName, compile] of Object.entries(IMPLS)) {
  describe(`${implName} matcher conformance`, () => {
    for (const c of CASES) {
      it(c.name, () => {
        const table = compile(docOf(c));
        for (const e of c.expect) {
          const res = table.match(inputOf(e.req));
          const label = `${JSON.stringify(e.req)}`;
          expect(res?.routeName ?? null, label).toBe(e.route);
          if (!res) continue;
          if (e.params) expect(res.params, label).toEqual(e.params);
          if ("apiVersion" in e) expect(res.apiVersion, label).toBe(e.apiVersion);
          expect(res.forwardPath, label).toBe(e.forwardPath ?? e.req.path);
        }
      });
    }
  });
}
