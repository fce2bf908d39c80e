import type { AdminEnv } from "../admin/dispatch.ts";
import type { AnalyticsEnv } from "../observe/analytics.ts";
import type { PoolEnv } from "../pipeline/upstream/services.ts";

/** The worker's bindings (wrangler.toml): the route table's KV, its key and refresh interval, plus the pools'. */
export interface WorkerEnv extends PoolEnv, AnalyticsEnv {
  ROUTES: KVNamespace;
  ROUTES_KEY: string;
  ROUTES_REFRESH_SECONDS: string;
}

export type Env = WorkerEnv & AdminEnv;
