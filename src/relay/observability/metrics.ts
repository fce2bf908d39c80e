import { UDP_FAMILIES } from "../udp/samples.ts";

/** Prometheus text exposition for the relay, built from plain samples so worker processes can merge them. */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

interface Family {
  help: string;
  type: "counter" | "gauge";
  /** How samples from several worker processes combine. */
  merge: "sum" | "max";
}

export const FAMILIES: Record<string, Family> = {
  relay_connections_total: { help: "Client connections accepted.", type: "counter", merge: "sum" },
  relay_connections_active: {
    help: "Client connections open now (including those connecting or queued).",
    type: "gauge",
    merge: "sum",
  },
  relay_connections_rejected_total: { help: "Client connections refused, by reason.", type: "counter", merge: "sum" },
  relay_connections_closed_total: { help: "Relayed connections closed, by reason.", type: "counter", merge: "sum" },
  relay_bytes_received_total: { help: "Bytes received from clients.", type: "counter", merge: "sum" },
  relay_bytes_sent_total: { help: "Bytes sent to clients.", type: "counter", merge: "sum" },
  relay_connect_retries_total: { help: "Backend connects retried on another backend.", type: "counter", merge: "sum" },
  relay_backend_up: { help: "1 if the backend is considered healthy.", type: "gauge", merge: "max" },
  relay_backend_connections_active: { help: "Open connections to the backend.", type: "gauge", merge: "sum" },
  relay_backend_connections_total: { help: "Connections made to the backend.", type: "counter", merge: "sum" },
  relay_backend_connect_failures_total: {
    help: "Failed or timed-out connects to the backend.",
    type: "counter",
    merge: "sum",
  },
  ...UDP_FAMILIES,
  relay_config_reloads_total: { help: "Config loads, by result.", type: "counter", merge: "sum" },
  relay_workers: { help: "Relay worker processes.", type: "gauge", merge: "sum" },
  relay_fast_path: {
    help: "1 if TCP bytes take the fast path (Node internals, self-checked), 0 on the socket.write fallback.",
    type: "gauge",
    merge: "max",
  },
  relay_process_heap_used_bytes: { help: "V8 heap in use, summed over processes.", type: "gauge", merge: "sum" },
  relay_process_resident_memory_bytes: { help: "Resident memory, summed over processes.", type: "gauge", merge: "sum" },
  relay_process_open_fds: { help: "Open file descriptors, summed over processes.", type: "gauge", merge: "sum" },
};

const escapeLabel = (v: string) => v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"');

function key(s: Sample): string {
  let k = s.name;
  for (const l of Object.keys(s.labels).sort()) k += `\0${l}=${s.labels[l]}`;
  return k;
}

/** Combines the samples of several processes (sum, or max for health gauges). */
export function mergeSamples(sets: Sample[][]): Sample[] {
  const out = new Map<string, Sample>();
  for (const set of sets) {
    for (const s of set) {
      const k = key(s);
      const prev = out.get(k);
      if (!prev) out.set(k, { ...s });
      else prev.value = FAMILIES[s.name]?.merge === "max" ? Math.max(prev.value, s.value) : prev.value + s.value;
    }
  }
  return [...out.values()];
}

export function renderPrometheus(samples: Sample[]): string {
  const byName = new Map<string, Sample[]>();
  for (const s of samples) {
    let list = byName.get(s.name);
    if (!list) byName.set(s.name, (list = []));
    list.push(s);
  }
  let out = "";
  for (const [name, list] of byName) {
    const f = FAMILIES[name];
    if (f) out += `# HELP ${name} ${f.help}\n# TYPE ${name} ${f.type}\n`;
    for (const s of list) {
      const labels = Object.entries(s.labels).map(([k, v]) => `${k}="${escapeLabel(v)}"`);
      out += `${name}${labels.length ? `{${labels.join(",")}}` : ""} ${s.value}\n`;
    }
  }
  return out;
}
