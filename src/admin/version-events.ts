import type { Context } from "hono";
import { type EventSettings, emitEvent, flushEvents } from "../observe/events.ts";

type Handler<C extends Context> = (c: C) => Promise<Response>;

/**
 * Wraps an admin handler that changes which document is live (PUT /config, and the control
 * plane's POST /versions/:id/activate, a rollback) so a successful change becomes a
 * `version_activated` event: logged, and POSTed to the webhook of the table this isolate serves.
 * An unchanged PUT (`changed: false`) is not an event.
 */
export function withVersionEvent<C extends Context>(
  handler: Handler<C>,
  events: () => EventSettings | undefined,
): Handler<C> {
  return async (c) => {
    const res = await handler(c);
    if (res.status !== 200) return res;
    const body = (await res.clone().json()) as { changed?: boolean; version?: string; active?: string };
    if (body.changed === false) return res;
    emitEvent("info", "version_activated", {
      version: body.version ?? null,
      id: body.active ?? null,
      via: `${c.req.method} ${c.req.path}`,
      author: c.req.header("x-edge-author") ?? null,
    });
    flushEvents(c.executionCtx, events());
    return res;
  };
}
