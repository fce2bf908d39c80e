import type { CompiledTable } from "../router/types.ts";
import type { EdgeConfig } from "../schema/index.ts";
import type { RouteAction } from "../schema/l7.ts";
import { rollout } from "../worker/handler.ts";
import type { TableCache } from "../worker/table-cache.ts";
import { type AdminBindings, createAdminApp } from "./app.ts";

type Compile = (config: EdgeConfig) => CompiledTable<RouteAction>;

/** When each table object was compiled; the cache installs a table right after compiling it. */
const compiledAt = new WeakMap<object, number>();

/** Wraps the table compiler so the admin status can say when this isolate loaded its table. */
export function stampLoadTime(compile: Compile): Compile {
  return (config) => {
    const table = compile(config);
    compiledAt.set(table, Date.now());
    return table;
  };
}

/** The admin app of this isolate, built on its first admin request (and again if the prefix changes). */
let admin: { prefix: string; app: ReturnType<typeof createAdminApp> } | undefined;

export function adminFetch(
  prefix: string,
  request: Request,
  env: AdminBindings,
  ctx: ExecutionContext,
  cache: TableCache<RouteAction>,
): Response | Promise<Response> {
  if (admin?.prefix !== prefix) {
    const loaded = () => {
      const t = cache.current;
      return t && { version: t.version, config: t.config, loadedAt: compiledAt.get(t) ?? 0 };
    };
    admin = { prefix, app: createAdminApp(prefix, { loaded, rolloutCounters: () => rollout.counters() }) };
  }
  return admin.app.fetch(request, env, ctx);
}
