import { readdirSync } from "node:fs";
import type { Relay } from "../control/relay.ts";
import { fastPathState } from "../tcp/fast-path.ts";
import type { Sample } from "./metrics.ts";

/** Current metric samples of one relay process (merged across workers by the primary). */
export function collectSamples(relay: Relay): Sample[] {
  const out: Sample[] = [];
  const push = (name: string, labels: Record<string, string>, value: number) => out.push({ name, labels, value });
  for (const t of relay.tcp.values()) {
    const listener = t.config.name;
    const st = t.stats;
    // Bytes of open sessions count too, so long-lived tunnels show progress before they close.
    let rx = st.bytesReceived;
    let tx = st.bytesSent;
    for (const s of t.sessions) {
      rx += s.bytesFromClient;
      tx += s.bytesToClient;
    }
    push("relay_connections_total", { listener }, st.connectionsTotal);
    push("relay_connections_active", { listener }, t.active);
    push("relay_bytes_received_total", { listener }, rx);
    push("relay_bytes_sent_total", { listener }, tx);
    push("relay_connect_retries_total", { listener }, st.retriesTotal);
    for (const [reason, n] of st.rejected) push("relay_connections_rejected_total", { listener, reason }, n);
    for (const [reason, n] of st.closed) push("relay_connections_closed_total", { listener, reason }, n);
  }
  for (const [key, u] of relay.udp) {
    if (u.samples) out.push(...u.samples());
    else if (u.sessions) push("relay_udp_sessions_active", { listener: key }, u.sessions());
  }
  for (const pool of relay.pools.values()) {
    for (const b of pool.backends) {
      const labels = { pool: pool.name, backend: b.id };
      push("relay_backend_up", labels, b.up ? 1 : 0);
      push("relay_backend_connections_active", labels, b.active);
      push("relay_backend_connections_total", labels, b.connectionsTotal);
      push("relay_backend_connect_failures_total", labels, b.connectFailuresTotal);
    }
  }
  push("relay_fast_path", {}, fastPathState()?.on ? 1 : 0);
  push("relay_process_heap_used_bytes", {}, process.memoryUsage().heapUsed);
  push("relay_process_resident_memory_bytes", {}, process.memoryUsage.rss());
  const fds = openFds();
  if (fds !== undefined) push("relay_process_open_fds", {}, fds);
  return out;
}

/** Open descriptors of this process (Linux /proc); undefined elsewhere. */
function openFds(): number | undefined {
  try {
    return readdirSync("/proc/self/fd").length - 1; // minus the directory handle readdir opened
  } catch {
    return undefined;
  }
}
