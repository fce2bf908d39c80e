import type { Sample } from "../observability/metrics.ts";
import type { UdpListener } from "./listener.ts";

/** Metric families of UDP listeners (help, type, how worker processes merge them). */
export const UDP_FAMILIES = {
  relay_udp_sessions_active: { help: "UDP client sessions open now.", type: "gauge", merge: "sum" },
  relay_udp_sessions_total: { help: "UDP client sessions created.", type: "counter", merge: "sum" },
  relay_udp_packets_received_total: { help: "Datagrams received from UDP clients.", type: "counter", merge: "sum" },
  relay_udp_packets_sent_total: { help: "Datagrams sent back to UDP clients.", type: "counter", merge: "sum" },
  relay_udp_bytes_received_total: { help: "Bytes received from UDP clients.", type: "counter", merge: "sum" },
  relay_udp_bytes_sent_total: { help: "Bytes sent to UDP clients.", type: "counter", merge: "sum" },
  relay_udp_dropped_total: {
    help: "Client datagrams not forwarded, by reason (session_limit, no_backend, queue_full, send_error).",
    type: "counter",
    merge: "sum",
  },
} as const;

/** Current samples of one UDP listener, labelled with its configured name. */
export function udpSamples(l: UdpListener): Sample[] {
  const listener = l.config.name;
  const st = l.stats;
  const out: Sample[] = [
    { name: "relay_udp_sessions_active", labels: { listener }, value: l.sessions.size },
    { name: "relay_udp_sessions_total", labels: { listener }, value: st.sessionsTotal },
    { name: "relay_udp_packets_received_total", labels: { listener }, value: st.packetsReceived },
    { name: "relay_udp_packets_sent_total", labels: { listener }, value: st.packetsSent },
    { name: "relay_udp_bytes_received_total", labels: { listener }, value: st.bytesReceived },
    { name: "relay_udp_bytes_sent_total", labels: { listener }, value: st.bytesSent },
  ];
  for (const [reason, value] of st.dropped)
    out.push({ name: "relay_udp_dropped_total", labels: { listener, reason }, value });
  return out;
}
