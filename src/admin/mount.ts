import { type AdminBindings, createAdminApp } from "./app.ts";
import type { LoadedTable } from "./status.ts";
import type { RolloutCounters } from "./versions-routes.ts";

/** What the admin API reads from the worker around it: the table this isolate serves, if any. */
export type LoadedOf = () => LoadedTable | undefined;

/** The admin app of this isolate, built on its first admin request (and again if the prefix changes). */
let admin: { prefix: string; app: ReturnType<typeof createAdminApp> } | undefined;

export function adminFetch(
  prefix: string,
  request: Request,
  env: AdminBindings,
  ctx: ExecutionContext,
  loaded: LoadedOf,
  rolloutCounters?: RolloutCounters,
): Response | Promise<Response> {
  if (admin?.prefix !== prefix) admin = { prefix, app: createAdminApp(prefix, { loaded, rolloutCounters }) };
  return admin.app.fetch(request, env, ctx);
}
