import type { L4Timeouts } from "../../schema/l4.ts";
import type { Backend, Closable } from "../pool/backend.ts";
import type { BackendPool } from "../pool/pool.ts";
import type { ProxyAddressInfo } from "../proxy-protocol/index.ts";

/**
 * A relayed connection as its listener, logs and metrics see it, whichever data path carries it:
 * TcpSession (net.Socket) or RawSession (libuv handles, tcp/raw/).
 */
export interface Relayed extends Closable {
  readonly requestId: string;
  readonly pool: BackendPool;
  readonly target: Backend | undefined;
  readonly retries: number;
  readonly startedAt: number;
  /** The client as reported by a front balancer's PROXY header (inspecting listeners). */
  readonly origin: ProxyAddressInfo | undefined;
  readonly serverName: string | undefined;
  /** `address:port` of the client, or undefined when unknown. */
  readonly clientAddress: string | undefined;
  readonly clientIp: string | undefined;
  readonly bytesFromClient: number;
  readonly bytesToClient: number;
  /** The listener's sweep: connect, idle, half-closed and max-duration timeouts. */
  tick(now: number): void;
}

/** What the sweep reads and updates on a relaying session, either kind. */
export interface SweptSession {
  active: boolean;
  lastActive: number;
  readonly startedAt: number;
  /** After a quiet sweep period: give large read buffers back (the burst is over). */
  releaseIdleBuffers(): void;
}

/**
 * The relaying part of a sweep tick, shared by both session kinds: turns the activity flag into
 * `lastActive`, and returns the close reason when the idle, half-closed or max-duration timeout
 * has passed (undefined: keep relaying). `halfClosedAt` is 0 until one side sent its FIN.
 */
export function relayingTimeout(
  s: SweptSession,
  t: L4Timeouts,
  halfClosedAt: number,
  now: number,
): "idle_timeout" | "half_closed_timeout" | "max_duration" | undefined {
  if (s.active) {
    s.active = false;
    s.lastActive = now;
  } else {
    if (t.idleMs > 0 && now - s.lastActive >= t.idleMs) return "idle_timeout";
    s.releaseIdleBuffers();
  }
  if (t.halfClosedMs > 0 && halfClosedAt > 0 && now - halfClosedAt >= t.halfClosedMs) return "half_closed_timeout";
  if (t.maxDurationMs > 0 && now - s.startedAt >= t.maxDurationMs) return "max_duration";
  return undefined;
}
