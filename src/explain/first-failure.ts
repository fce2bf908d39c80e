/**
 * The first condition of a route that a request fails, in the order the matcher checks them:
 * method, path, hosts, headers, query, cookies, then the API version rule. Each condition is
 * compiled alone with the router's own predicates, so the verdict is the matcher's.
 */
import { compileConditions, cookieOf } from "../router/conditions.ts";
import { pathPredicate } from "../router/reference.ts";
import { type CompiledRoute, checkRoute, pathForRoute, referenceCheck } from "../router/route.ts";
import type { MatchInput } from "../router/types.ts";
import type { Route } from "../schema/l7.ts";
import type { FailedCondition } from "./types.ts";

export function firstFailure(
  route: Route,
  compiled: CompiledRoute<unknown>,
  input: MatchInput,
  at: string,
): FailedCondition | undefined {
  const m = route.match;
  const fail = (condition: string, sub: string, expected: unknown, actual: string | null): FailedCondition => ({
    condition,
    path: `${at}.match${sub}`,
    expected,
    actual,
  });
  if (m.methods !== undefined && !m.methods.includes(input.method))
    return fail("method", ".methods", m.methods, input.method);
  const seen = pathForRoute(compiled, input.path);
  if (!pathPredicate(m.path)(seen.matched)) return fail("path", ".path", m.path, seen.matched);
  if (m.hosts !== undefined && !compileConditions({ hosts: m.hosts } as Route["match"])[0]!(input))
    return fail("hosts", ".hosts", m.hosts, input.host);
  const each = <T extends { name: string }>(
    list: T[] | undefined,
    kind: string,
    key: "headers" | "query" | "cookies",
    read: (name: string) => string | null,
  ): FailedCondition | undefined => {
    for (let i = 0; i < (list?.length ?? 0); i++) {
      const c = list![i]!;
      if (!compileConditions({ [key]: [c] } as Route["match"])[0]!(input))
        return fail(kind, `.${key}[${i}]`, c, read(c.name));
    }
    return undefined;
  };
  const failed =
    each(m.headers, "header", "headers", (n) => input.headers.get(n)) ??
    each(m.query, "query", "query", (n) => input.query.get(n)) ??
    each(m.cookies, "cookie", "cookies", (n) => cookieOf(input, n) ?? null);
  if (failed !== undefined) return failed;
  if (checkRoute(compiled, referenceCheck(compiled), input, seen.version) === false)
    return fail("apiVersion", ".apiVersion", m.apiVersion, seen.version ?? null);
  return undefined;
}
