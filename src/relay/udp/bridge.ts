import type { AddressInfo } from "node:net";
import type { L4Listener } from "../../schema/l4.ts";
import type { Logger } from "../observability/log.ts";
import type { Sample } from "../observability/metrics.ts";
import type { BackendPool } from "../pool/pool.ts";

/** What the UDP listener module (src/relay/udp) returns; the relay drives it through reloads. */
export interface UdpHandle {
  close(): Promise<void>;
  address(): AddressInfo;
  update(listener: L4Listener, pool: BackendPool): void;
  /** Open sessions, when the module reports them (metrics). */
  sessions?(): number;
  /** Prometheus samples of the listener (sessions, packets, bytes, drops). */
  samples?(): Sample[];
}

let udpModule: Promise<typeof import("./index.ts")> | undefined;

/** Starts a UDP listener; the module is loaded on first use so TCP-only relays never load it. */
export async function startUdp(listener: L4Listener, pool: BackendPool, log: Logger): Promise<UdpHandle> {
  // A literal specifier: the type checker and the bundler both see the module.
  udpModule ??= import("./index.ts");
  return (await udpModule).startUdpListener(listener, pool, log);
}
