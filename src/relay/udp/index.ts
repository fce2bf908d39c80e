/** UDP relaying with per-client sessions (nginx `stream` udp / Envoy udp_proxy style). */
import type { AddressInfo } from "node:net";
import type { L4Listener } from "../../schema/l4.ts";
import type { Logger } from "../observability/log.ts";
import type { Sample } from "../observability/metrics.ts";
import type { BackendPool } from "../pool/pool.ts";
import { UdpListener } from "./listener.ts";
import { udpSamples } from "./samples.ts";

export { DEFAULT_MAX_UDP_SESSIONS, UdpListener, UdpStats } from "./listener.ts";
export { UDP_FAMILIES, udpSamples } from "./samples.ts";
export { UdpSession } from "./session.ts";

export interface UdpListenerHandle {
  close(): Promise<void>;
  address(): AddressInfo;
  update(listener: L4Listener, pool: BackendPool): void;
  /** Open sessions (metrics). */
  sessions(): number;
  /** Prometheus samples (sessions, packets, bytes, drops by reason). */
  samples(): Sample[];
  /** The listener itself, for counters (packets, bytes, drops by reason). */
  readonly listener: UdpListener;
}

/** Binds a UDP listener; rejects if the address cannot be bound (so a reload can keep the old config). */
export async function startUdpListener(
  listener: L4Listener,
  pool: BackendPool,
  log: Logger,
): Promise<UdpListenerHandle> {
  const l = new UdpListener(listener, pool, log);
  await l.listen();
  return {
    listener: l,
    close: () => l.close(),
    address: () => l.address(),
    update: (cfg, p) => l.update(cfg, p),
    sessions: () => l.sessions.size,
    samples: () => udpSamples(l),
  };
}
