/** Every figure's unit and target, as issue 5 states them (ratios only, never absolute numbers). */
import type { Target } from "./types.ts";

export const FIGURES: Record<string, { unit: string; target: Target }> = {
  "l7.match": {
    unit: "ns/decision",
    target: { op: "<=", value: 1.0, of: "ours / hono-regexp (worst path-only table)" },
  },
  "l7.match.conditions": {
    unit: "ns/decision",
    target: { op: "<=", value: 2.0, of: "ours with conditions / ours path-only (GitHub table)" },
  },
  "l7.compile": { unit: "ms", target: { op: "<=", value: 1.0, of: "cold ms for 10,000 routes / 50 ms budget" } },
  "l7.throughput": {
    unit: "req/s",
    target: { op: ">=", value: 0.9, of: "our default (Hono) worker / bare pass-through worker (rps)" },
  },
  "l7.throughput.bare_handler": {
    unit: "req/s",
    target: { op: ">=", value: 0.9, of: "our bare handler (src/worker/bare.ts) / bare pass-through worker (rps)" },
  },
  "l7.throughput.peer": {
    unit: "req/s",
    target: { op: ">=", value: 1.25, of: "our default (Hono) worker / hand-written Hono + hono/proxy peer (rps)" },
  },
  "l7.cpu_us": {
    unit: "workerd CPU µs/request",
    target: {
      op: "<=",
      value: 25,
      unit: "µs",
      of: "our default (Hono) worker − bare pass-through worker, workerd CPU µs per request (l7.throughput run)",
    },
  },
  "l7.p99": {
    unit: "ms (p99)",
    target: {
      op: "<=",
      value: 1.1,
      of: "our default (Hono) worker / bare pass-through worker, p99 latency (l7.throughput run)",
    },
  },
  "l7.policy.jwt": {
    unit: "workerd CPU ms / 1k requests",
    target: { op: "<=", value: 1.15, of: "JWT-protected route (cached key, token cache on) / unprotected route" },
  },
  "l7.policy.ratelimit": {
    unit: "workerd CPU ms / 1k requests",
    target: { op: "<=", value: 1.5, of: "rate-limited route (Durable Object) / unprotected route" },
  },
  "l7.regex_linear": {
    unit: "growth",
    target: {
      op: "<=",
      value: 2.0,
      of: "worst time(4096 chars) / time(1024 chars) / 4 over adversarial table regexes",
    },
  },
  "l7.bundle": { unit: "bytes (gzip)", target: { op: "<=", value: 1.0, of: "gzipped bundle / 64 KiB" } },
  "l4.iperf1": { unit: "Gbit/s", target: { op: ">=", value: 0.9, of: "relay / haproxy" } },
  "l4.iperf8": { unit: "Gbit/s", target: { op: ">=", value: 0.9, of: "relay / haproxy" } },
  "l4.redis": { unit: "req/s", target: { op: ">=", value: 0.9, of: "relay / haproxy" } },
  "l4.redis_pipelined": { unit: "req/s", target: { op: ">=", value: 0.9, of: "relay / haproxy" } },
  "l4.redis_newconn": { unit: "req/s", target: { op: ">=", value: 0.9, of: "relay / haproxy" } },
  "l4.connect_rate": { unit: "conn/s", target: { op: ">=", value: 0.9, of: "relay / haproxy" } },
  "l4.p99": { unit: "ms", target: { op: "<=", value: 1.1, of: "relay / haproxy (redis GET p99 latency)" } },
  "l4.idle_conn_bytes": { unit: "bytes/conn", target: { op: "<=", value: 1.0, of: "relay / haproxy" } },
};
