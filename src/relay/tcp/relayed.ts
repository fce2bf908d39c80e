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
