import { describe, expect, it } from "vitest";
import { GITHUB_ROUTES } from "../../bench/data/github-routes.ts";
import { syntheticRoutes } from "../../bench/data/synthetic.ts";
import { loadFindMyWay, loadHono, regExpRouterSubset } from "../../bench/l7/baselines.ts";
import { expectedName, parseTemplates, requestMix } from "../../bench/l7/templates.ts";

describe("bench route tables", () => {
  it("has 300+ distinct GitHub REST templates", () => {
    expect(GITHUB_ROUTES.length).toBeGreaterThan(300);
    expect(new Set(GITHUB_ROUTES).size).toBe(GITHUB_ROUTES.length);
    for (const r of GITHUB_ROUTES) expect(r).toMatch(/^(GET|POST|PUT|PATCH|DELETE) \/[A-Za-z0-9_{}./-]*$/);
  });

  it("converts {param} templates to :param for Hono and find-my-way", () => {
    const [t] = parseTemplates(["GET /repos/{owner}/{repo}/issues"]);
    expect(t).toMatchObject({
      method: "GET",
      colonPath: "/repos/:owner/:repo/issues",
      segments: ["repos", "{owner}", "{repo}", "issues"],
    });
  });

  it("leaves out only the routes RegExpRouter rejects (literal next to a parameter)", () => {
    const t = parseTemplates(["GET /user/blocks", "GET /user/{id}", "GET /users/{name}"]);
    expect(regExpRouterSubset(t).map((r) => r.path)).toEqual(["/user/blocks", "/users/{name}"]);
    const synth = parseTemplates(syntheticRoutes(1000));
    expect(synth).toHaveLength(1000);
    expect(regExpRouterSubset(synth)).toHaveLength(1000);
  });

  it("draws a request mix every baseline router answers as expected, misses included", () => {
    const routes = regExpRouterSubset(parseTemplates(GITHUB_ROUTES));
    const reqs = requestMix(routes, 2000);
    const misses = reqs.filter((q) => q.expect < 0).length;
    expect(misses).toBeGreaterThan(100);
    expect(misses).toBeLessThan(350);
    for (const router of [
      loadHono(routes, reqs),
      loadFindMyWay(routes, reqs, false),
      loadFindMyWay(routes, reqs, true),
    ]) {
      const wrong = reqs.filter((q, i) => router.routeOf(i) !== expectedName(q));
      expect(wrong, router.name).toEqual([]);
    }
  });
});
