import { bearerAuth } from "hono/bearer-auth";
import { etag } from "hono/etag";
import { HTTPException } from "hono/http-exception";
import { Hono } from "hono/tiny";
import { timingSafeEqual } from "hono/utils/buffer";
import {
  AdminBadAuthorizationError,
  AdminMethodNotAllowedError,
  AdminNotFoundError,
  AdminTokenCharsetError,
  AdminTokenTooShortError,
  AdminUnauthorizedError,
} from "../core/errors/index.ts";
import { log } from "../core/log.ts";
import { requestIdFrom } from "../pipeline/ingress/request-id.ts";
import { purgeCache } from "./cache-purge.ts";
import { getConfig, putConfig, validateConfig } from "./config-routes.ts";
import type { AdminEnv } from "./dispatch.ts";
import { diffEndpoint, explainEndpoint } from "./inspect-routes.ts";
import { mountObserveRoutes } from "./observe-routes.ts";
import { withRelayWait } from "./relay-wait.ts";
import { adminErrorResponse } from "./respond.ts";
import { abortRollout, startRollout } from "./rollout-routes.ts";
import { getStatus, type LoadedTable, type StatusEnv } from "./status.ts";
import { dashboardResponse } from "./ui/page.ts";
import { withVersionEvent } from "./version-events.ts";
import type { VersionEnv } from "./versions/keys.ts";
import { activateVersion, getVersion, listVersions, type RolloutCounters } from "./versions-routes.ts";

export type AdminBindings = AdminEnv & StatusEnv & VersionEnv;

/** What the admin app needs from the worker around it. */
export interface AdminDeps {
  /** The table this isolate serves, if it has loaded one. */
  loaded(): LoadedTable | undefined;
  /** This isolate's rollout counters (GET versions shows them under `candidate.isolate`). */
  rolloutCounters?: RolloutCounters;
}

/** Shorter tokens are refused outright (the API stays closed): a guessable secret guards nothing. */
export const MIN_TOKEN_LENGTH = 16;

const REALM = "edge-admin";

/** What a Bearer credential may hold (RFC 6750 token68; a header carrying anything else is refused with 400). */
const TOKEN68 = /^[A-Za-z0-9._~+/-]+=*$/;

/** The verdict on the last ADMIN_TOKEN seen, so the check runs once per secret, not per request. */
let checked: { token: string; error: Error | undefined } | undefined;

function tokenProblem(token: string): Error | undefined {
  if (checked?.token === token) return checked.error;
  const error =
    token.length < MIN_TOKEN_LENGTH
      ? new AdminTokenTooShortError(MIN_TOKEN_LENGTH)
      : TOKEN68.test(token)
        ? undefined
        : new AdminTokenCharsetError();
  checked = { token, error };
  return error;
}

function fail(c: { req: { raw: Request } }, err: Error): Response {
  return adminErrorResponse(err, requestIdFrom(c.req.raw.headers));
}

/**
 * The control plane under `prefix` (Hono, tiny preset). Every path under the prefix needs the
 * bearer token, including unknown ones, so the endpoint list is not probeable without it.
 * Hono's bearerAuth parses the header (RFC 6750 token68, case-insensitive scheme) and answers the
 * challenges: no credentials → realm only; a malformed header → 400 invalid_request; a wrong token
 * → invalid_token. The token is compared in constant time by `verifyToken` (hono's timingSafeEqual:
 * SHA-256 of both, then a branch-free comparison), and never logged.
 */
export function createAdminApp(prefix: string, deps: AdminDeps): Hono<{ Bindings: AdminBindings }> {
  const app = new Hono<{ Bindings: AdminBindings }>().basePath(prefix);
  app.use(async (c, next) => {
    const problem = tokenProblem(c.env.ADMIN_TOKEN ?? "");
    if (problem !== undefined) {
      const event = problem instanceof AdminTokenTooShortError ? "admin_token_too_short" : "admin_token_invalid_chars";
      log.error(event, { min: MIN_TOKEN_LENGTH });
      return fail(c, problem);
    }
    await next();
  });
  // The dashboard page itself carries no data and needs no token (its login form asks for it; every
  // fetch it makes sends it as the bearer header).
  app.get("/ui", () => dashboardResponse());
  app.use(
    bearerAuth<{ Bindings: AdminBindings }>({
      realm: REALM,
      verifyToken: (token, c) => timingSafeEqual(c.env.ADMIN_TOKEN!, token),
      noAuthenticationHeader: {
        message: (c) => fail(c, new AdminUnauthorizedError("missing Authorization: Bearer <token>")),
      },
      invalidAuthenticationHeader: { message: (c) => fail(c, new AdminBadAuthorizationError()) },
      invalidToken: { message: (c) => fail(c, new AdminUnauthorizedError("invalid admin token")) },
    }),
  );
  // GET /config sets its own strong ETag (SHA-256 of the stored bytes); etag() answers If-None-Match with 304.
  app.get("/config", etag(), getConfig);
  const events = () => deps.loaded()?.config.settings.events;
  app.put("/config", withRelayWait(withVersionEvent(putConfig, events)));
  app.all("/config", (c) => fail(c, new AdminMethodNotAllowedError(c.req.method, c.req.path, "GET, HEAD, PUT")));
  app.post("/validate", validateConfig);
  app.all("/validate", (c) => fail(c, new AdminMethodNotAllowedError(c.req.method, c.req.path, "POST")));
  app.get("/status", (c) => getStatus(c, deps.loaded()));
  app.all("/status", (c) => fail(c, new AdminMethodNotAllowedError(c.req.method, c.req.path, "GET, HEAD")));
  mountObserveRoutes(app, deps.loaded);
  // Versions, rollout, explain, diff (docs/admin-and-cli.md).
  app.get("/versions", (c) => listVersions(c, deps.rolloutCounters));
  app.get("/versions/:id", getVersion);
  app.post("/versions/:id/activate", activateVersion);
  app.post("/rollout", startRollout);
  app.delete("/rollout", abortRollout);
  app.post("/explain", (c) => explainEndpoint(c, deps.loaded()?.config));
  app.post("/diff", diffEndpoint);
  app.post("/cache/purge", purgeCache);
  app.all("/cache/purge", (c) => fail(c, new AdminMethodNotAllowedError(c.req.method, c.req.path, "POST")));
  app.notFound((c) => fail(c, new AdminNotFoundError(c.req.method, c.req.path)));
  // bearerAuth refuses with an HTTPException carrying our error JSON (plus its WWW-Authenticate).
  app.onError((err, c) => (err instanceof HTTPException ? err.getResponse() : fail(c, err)));
  return app;
}
