import type { MiddlewareHandler } from "hono";
import type { RouteAction } from "../schema/l7.ts";
import type { Pool } from "../schema/pool.ts";
import { type CompiledForward, compileForward } from "./forward-plan.ts";
import type { PoolRuntime } from "./pool-runtime.ts";
import { compileRelease, type ReleasePlan } from "./release/index.ts";

/**
 * One route of a table version as the request path uses it: the document's action, the forward
 * plan (pool chain runtimes, retry matcher, retry budget) and the policy chain. Made once per
 * route when the matcher compiles the route; the plan on the first request that forwards.
 */
export class EdgeRoute {
  readonly name: string;
  readonly action: RouteAction;
  /**
   * Hono middleware run before the action, in order (src/pipeline/policy). undefined: no policy,
   * and the policy stage costs nothing for this route.
   */
  readonly policies: readonly MiddlewareHandler[] | undefined;
  readonly #pools: Readonly<Record<string, Pool>>;
  readonly #runtimeOf: (name: string) => PoolRuntime | undefined;
  #forward: CompiledForward | undefined;
  #release: ReleasePlan | null | undefined;

  constructor(
    name: string,
    action: RouteAction,
    pools: Readonly<Record<string, Pool>>,
    runtimeOf: (name: string) => PoolRuntime | undefined,
    policies: readonly MiddlewareHandler[] | undefined,
  ) {
    this.name = name;
    this.action = action;
    this.#pools = pools;
    this.#runtimeOf = runtimeOf;
    this.policies = policies !== undefined && policies.length > 0 ? policies : undefined;
  }

  /** The forward plan (forward actions only). Built on first use, then the same object for this version. */
  get forward(): CompiledForward {
    if (this.#forward === undefined) {
      const a = this.action;
      if (a.type !== "forward") throw new Error(`route "${this.name}" does not forward`);
      this.#forward = compileForward(a, this.#pools, this.#runtimeOf);
    }
    return this.#forward;
  }

  /** Split, mirror and fallback (src/edge/release); undefined when the action has none. Built on first use. */
  get release(): ReleasePlan | undefined {
    if (this.#release === undefined) {
      const a = this.action;
      this.#release =
        (a.type === "forward" ? compileRelease(a, this.forward, this.#pools, this.#runtimeOf) : undefined) ?? null;
    }
    return this.#release ?? undefined;
  }
}
