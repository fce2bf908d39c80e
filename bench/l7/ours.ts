/**
 * Our compiled matcher, loaded from src/router at run time so the bench still runs (and says so)
 * while the router is missing or broken.
 */

import { seededRandom } from "../lib/stats.ts";
import type { LoadedRouter } from "./baselines.ts";
import { BENCH_HOST, BETA_AGENT, CANARY_COOKIE, V2_DATE, VERSION_HEADER } from "./edge-tables.ts";
import type { BenchRequest } from "./templates.ts";

interface MatchInput {
  method: string;
  host: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  cookies?: ReadonlyMap<string, string>;
}
interface Table {
  match(input: MatchInput): { routeName: string } | null;
}
interface RouterModule {
  compileRouteTable(config: unknown): Table;
}
interface SchemaModule {
  parseEdgeConfig(
    input: unknown,
  ): { ok: true; config: unknown } | { ok: false; issues: { path: string; message: string }[] };
}

export interface OurModules {
  router: RouterModule;
  schema: SchemaModule;
}

export async function loadOurModules(): Promise<OurModules | string> {
  try {
    const router = (await import("../../src/router/compile.ts")) as unknown as RouterModule;
    const schema = (await import("../../src/schema/index.ts")) as unknown as SchemaModule;
    if (typeof router.compileRouteTable !== "function") return "src/router/compile.ts has no compileRouteTable export";
    return { router, schema };
  } catch (e) {
    return `cannot load src/router/compile.ts: ${(e as Error).message.split("\n")[0]}`;
  }
}

export function compileDoc(mods: OurModules, doc: unknown): Table {
  const parsed = mods.schema.parseEdgeConfig(doc);
  if (!parsed.ok)
    throw new Error(
      `bench table rejected: ${parsed.issues
        .slice(0, 3)
        .map((i) => `${i.path}: ${i.message}`)
        .join("; ")}`,
    );
  return mods.router.compileRouteTable(parsed.config);
}

const EMPTY_QUERY = new URLSearchParams();
const COMMON = { accept: "application/json", "accept-encoding": "gzip, br", "user-agent": "bench/1.0" };

/** What a request carries in the conditions mix: which of the four routes per path must answer. */
export type Flavour = "canary" | "beta" | "v2" | "plain";

export function makeInputs(
  reqs: readonly BenchRequest[],
  withConditions: boolean,
  seed = 11,
): { inputs: MatchInput[]; flavours: Flavour[] } {
  const rand = seededRandom(seed);
  const flavours: Flavour[] = [];
  const inputs = reqs.map((q) => {
    const h = new Headers(COMMON);
    h.set("cookie", "_ga=GA1.2.3.4; session=abc123def456");
    let f: Flavour = "plain";
    if (withConditions) {
      const x = rand();
      f = x < 0.25 ? "canary" : x < 0.5 ? "beta" : x < 0.75 ? "v2" : "plain";
      if (f === "canary") h.set("cookie", `_ga=GA1.2.3.4; ${CANARY_COOKIE}=1; session=abc123def456`);
      if (f === "beta") h.set("user-agent", `${BETA_AGENT}3.1`);
      if (f === "v2") h.set(VERSION_HEADER, V2_DATE);
    }
    flavours.push(f);
    return { method: q.method, host: BENCH_HOST, path: q.path, query: EMPTY_QUERY, headers: h } as MatchInput;
  });
  return { inputs, flavours };
}

export function loadOurs(name: string, table: Table, inputs: MatchInput[]): LoadedRouter {
  return {
    name,
    pass() {
      let sum = 0;
      for (let i = 0; i < inputs.length; i++) {
        const inp = inputs[i]!;
        // Cookies are parsed per request in real traffic: drop any parse cached on the input by a previous pass.
        inp.cookies = undefined;
        if (table.match(inp) !== null) sum++;
      }
      return sum;
    },
    routeOf(i) {
      const inp = inputs[i]!;
      inp.cookies = undefined;
      return table.match(inp)?.routeName ?? "none";
    },
  };
}
