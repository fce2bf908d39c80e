/**
 * Route templates shared by every router in l7.match: "METHOD /a/{b}/c". Converts them to each
 * router's syntax and draws a seeded request mix (with 10% misses) that all routers replay.
 */
import { pick, seededRandom } from "../lib/stats.ts";

export interface RouteTemplate {
  index: number;
  method: string;
  /** Path in `{param}` form. */
  path: string;
  /** Path in `:param` form (Hono, find-my-way). */
  colonPath: string;
  segments: string[];
}

export interface BenchRequest {
  method: string;
  path: string;
  /** Index of the route that must answer, or -1 for a miss. */
  expect: number;
}

export function parseTemplates(lines: readonly string[]): RouteTemplate[] {
  return lines.map((line, index) => {
    const sp = line.indexOf(" ");
    const method = line.slice(0, sp);
    const path = line.slice(sp + 1);
    return { index, method, path, colonPath: path.replace(/\{([^}=]+)\}/g, ":$1"), segments: path.split("/").slice(1) };
  });
}

const VALUES = ["octocat", "hello-world", "1347", "main", "v1.2.3", "a1b2c3d4", "42", "feature-x", "docs", "9f8e7d"];

export function requestMix(routes: readonly RouteTemplate[], count: number, seed = 7): BenchRequest[] {
  const rand = seededRandom(seed);
  const out: BenchRequest[] = [];
  const maxDepth = Math.max(...routes.map((r) => r.segments.length));
  for (let i = 0; i < count; i++) {
    const r = pick(rand, routes);
    const filled = r.segments.map((s) => (s.startsWith("{") ? pick(rand, VALUES) : s));
    if (rand() < 0.1) {
      // A miss that shares a real prefix, so routers cannot reject it at the first byte; deeper than any route.
      while (filled.length <= maxDepth) filled.push("no-such-thing");
      out.push({ method: r.method, path: `/${filled.join("/")}`, expect: -1 });
    } else {
      out.push({ method: r.method, path: `/${filled.join("/")}`, expect: r.index });
    }
  }
  return out;
}

/** The route name every router must answer for request i (`r<index>[.<flavour>]` or "none"). */
export function expectedName(req: BenchRequest, flavour = "plain"): string {
  if (req.expect < 0) return "none";
  return flavour === "plain" ? `r${req.expect}` : `r${req.expect}.${flavour}`;
}
