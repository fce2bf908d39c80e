/**
 * Stage 5, upstream: the route's pool chain — origin selection (health, outlier ejection,
 * affinity, balancer), one origin attempt (fetch-origin.ts), retries with back-off and budget
 * within the route's timeout. Entry: forwardToPools.
 */
export { fetchOrigin, type UpstreamRequest } from "./fetch-origin.ts";
export { forwardToPools, type PoolForwardInput, type PoolForwardResult } from "./forward-pools.ts";
export { RequestFacts } from "./request-facts.ts";
export { type PoolEnv, type PoolServices, poolServices, type WaitUntil } from "./services.ts";
