import type { RedirectAction } from "../../schema/l7.ts";
import type { RequestContext } from "../request-context.ts";

/**
 * The redirect action: a 3xx whose Location is the request URL with the parts the action names
 * replaced. `path` is the router's forward path: the normalized request path with the action's
 * `path` / `prefixRewrite` applied (see src/router/rewrite.ts).
 */
export function redirectResponse(rc: RequestContext, action: RedirectAction, path: string): Response {
  const { url } = rc;
  const currentScheme = url.protocol.slice(0, -1);
  const scheme = action.scheme ?? currentScheme;
  let host: string;
  if (action.host?.includes(":")) host = action.host;
  else {
    const name = action.host ?? url.hostname;
    // A scheme change drops the old port (it belonged to the old scheme) unless one is given.
    const port = action.port !== undefined ? String(action.port) : scheme !== currentScheme ? "" : url.port;
    host = port === "" ? name : `${name}:${port}`;
  }
  const location = `${scheme}://${host}${path}${action.stripQuery ? "" : url.search}`;
  return new Response(null, {
    status: action.code,
    headers: { location, "x-request-id": rc.requestId },
  });
}
