import type { Context } from "hono";
import { RelayWaitInvalidError } from "./observe-errors.ts";
import { listRelays } from "./relays.ts";
import type { StoreEnv } from "./store.ts";

const MAX_WAIT_S = 30;
const POLL_MS = 500;

type Handler = (c: Context<{ Bindings: StoreEnv }>) => Promise<Response>;

/**
 * `PUT /config?wait=relays[&waitSeconds=N]` (or header `X-Edge-Wait: relays`): after a write that
 * changed the document, poll the relay reports until every live relay serves the new version or
 * the wait (default and at most 30 s) is over. The answer gains `relays: { synced, behind, timedOut }`;
 * a timeout is not an error (the document is stored): the caller reads `behind`.
 */
export function withRelayWait(put: Handler): Handler {
  return async (c) => {
    const wants = c.req.query("wait") === "relays" || c.req.header("x-edge-wait") === "relays";
    if (!wants) return put(c);
    const raw = c.req.query("waitSeconds");
    const seconds = raw === undefined ? MAX_WAIT_S : Number(raw);
    if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_WAIT_S) throw new RelayWaitInvalidError(raw ?? "");
    const res = await put(c);
    if (res.status !== 200) return res;
    const body = (await res.json()) as { version: string };
    const deadline = Date.now() + seconds * 1000;
    let relays = await listRelays(c.env.ROUTES, Date.now());
    while (relays.some((r) => r.version !== body.version) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, POLL_MS));
      relays = await listRelays(c.env.ROUTES, Date.now());
    }
    const behind = relays.filter((r) => r.version !== body.version).map((r) => ({ id: r.id, version: r.version }));
    const synced = relays.filter((r) => r.version === body.version).map((r) => r.id);
    const out = { ...body, relays: { synced, behind, timedOut: behind.length > 0 } };
    return new Response(JSON.stringify(out), { status: 200, headers: res.headers });
  };
}
