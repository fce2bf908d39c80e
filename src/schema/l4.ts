import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { checkL4References } from "./l4-refs.ts";

/**
 * The relay's part of the edge document: TCP/UDP listeners and their backend pools.
 * Durations are integers in milliseconds (`...Ms`); 0 disables a timeout where noted.
 */
const Port = z.number().int().min(1).max(65535);
const BindPort = z.number().int().min(0).max(65535);

/* @__PURE__ */ describeSchema(BindPort, "0 lets the OS choose (tests).");
const Host = z
  .string()
  .min(1)
  .max(253)
  .regex(/^[A-Za-z0-9.:\-_%[\]]+$/, { error: "must be an IP address or host name" });
const IPv4 = z.ipv4();
const IPv6 = z.ipv6();
/** An IPv4/IPv6 address with an optional /prefix (bare address = single host). */
function isCidr(s: string): boolean {
  const slash = s.indexOf("/");
  const addr = slash < 0 ? s : s.slice(0, slash);
  const max = IPv4.safeParse(addr).success ? 32 : IPv6.safeParse(addr).success ? 128 : -1;
  if (max < 0 || slash < 0) return max > 0;
  const bits = s.slice(slash + 1);
  return /^\d{1,3}$/.test(bits) && Number(bits) <= max;
}
const Cidr = z
  .string()
  .max(64)
  .refine(isCidr, { error: "must be an IPv4 or IPv6 address or CIDR block, e.g. 10.0.0.0/8 or 2001:db8::/32" });
const Ms = (def: number, max = 86_400_000) => z.number().int().min(0).max(max).default(def);

export const L4BalanceSchema = z.enum(["round_robin", "least_conn", "p2c", "random", "hash", "first"]);

/* @__PURE__ */ describeSchema(
  L4BalanceSchema,
  "round_robin: weighted smooth round robin; least_conn: fewest open connections per weight; p2c: power of two choices on open connections; random: weighted random; hash: consistent (rendezvous) hash of the client IP; first: first usable backend in order.",
);

export const L4BackendSchema = z.strictObject({
  name: z.string().min(1).max(128).optional(),
  address: Host,
  port: Port,
  weight: z.number().int().min(0).max(1000).default(1),
  backup: z.boolean().default(false),
});

/* @__PURE__ */ describeFields(L4BackendSchema, {
  name: "Defaults to `address:port`; unique within the pool.",
  weight: "0 takes no new connections (drain).",
  backup: "Used only when every primary backend is down.",
});

export const L4HealthSchema = z.strictObject({
  intervalMs: z.number().int().min(50).max(3_600_000).default(2000),
  timeoutMs: z.number().int().min(10).max(600_000).default(1000),
  rise: z.number().int().min(1).max(100).default(2),
  fall: z.number().int().min(1).max(100).default(3),
  send: z.string().max(4096).optional(),
  expect: z.string().min(1).max(4096).optional(),
  encoding: z.enum(["utf8", "hex"]).default("utf8"),
});

/* @__PURE__ */ describeFields(L4HealthSchema, {
  rise: "Consecutive successes to mark a down backend up.",
  fall: "Consecutive failures to mark an up backend down.",
  send: "Bytes written after connecting (in `encoding`).",
  expect: "Bytes that must appear in the reply within timeoutMs (in `encoding`).",
});

export const L4PoolSchema = z.strictObject({
  backends: z.array(L4BackendSchema).min(1, { error: "a pool needs at least one backend" }),
  balance: L4BalanceSchema.default("round_robin"),
  health: L4HealthSchema.optional(),
  passive: z
    .strictObject({
      maxFails: z.number().int().min(0).max(100).default(1),
      downMs: Ms(10_000),
    })
    .prefault({}),
  maxConnectAttempts: z.number().int().min(1).max(16).default(3),
  slowStartMs: Ms(0),
  closeOnDown: z.boolean().default(false),
  closeOnRemove: z.boolean().default(false),
});

/* @__PURE__ */ describeFields(L4PoolSchema, {
  health: "Active checks; without them only passive marking applies.",
  "passive.maxFails": "Consecutive connect failures that mark a backend down; 0 disables.",
  "passive.downMs": "How long a passively marked backend stays down when no active check is configured.",
  maxConnectAttempts: "Backends tried per client connection.",
  slowStartMs:
    "A backend that joins on reload or comes back up takes a linearly rising share of new connections over this window; 0: off.",
  closeOnDown: "Close open connections of a backend when it is marked down.",
  closeOnRemove: "At reload, close open connections of a backend no longer in the pool.",
});

export const L4TimeoutsSchema = z
  .strictObject({
    connectMs: z.number().int().min(1).max(600_000).default(5000),
    idleMs: Ms(300_000),
    halfClosedMs: Ms(30_000),
    maxDurationMs: Ms(0, 31 * 86_400_000),
  })
  .prefault({});

/* @__PURE__ */ describeFields(L4TimeoutsSchema, {
  idleMs: "No bytes either way for this long closes the connection (UDP: the session). 0 = never.",
  halfClosedMs: "After one side sent FIN, close if the other side has not finished within this. 0 = never.",
  maxDurationMs: "Hard cap on a connection's lifetime. 0 = unlimited.",
});

export const L4SniSchema = z.strictObject({
  rules: z
    .array(
      z.strictObject({
        serverNames: z
          .array(
            z
              .string()
              .min(1)
              .max(253)
              .regex(/^(\*\.)?[A-Za-z0-9.\-_]+$/, { error: "must be a host name or *.suffix" }),
          )
          .min(1),
        pool: z.string().min(1),
      }),
    )
    .default([]),
  defaultPool: z.string().min(1).optional(),
  inspectTimeoutMs: z.number().int().min(1).max(60_000).default(5000),
});

/* @__PURE__ */ describeFields(L4SniSchema, {
  defaultPool: "For no SNI, no TLS, no match or timeout; without it such clients are closed.",
});

export const L4ListenerSchema = z.strictObject({
  name: z.string().min(1).max(128),
  protocol: z.enum(["tcp", "udp"]).default("tcp"),
  address: Host,
  port: BindPort,
  pool: z.string().min(1).optional(),
  sni: L4SniSchema.optional(),
  balance: L4BalanceSchema.optional(),
  timeouts: L4TimeoutsSchema,
  maxConnections: z.number().int().min(1).max(1_000_000).optional(),
  overflow: z.enum(["reject", "queue"]).default("reject"),
  queueTimeoutMs: z.number().int().min(1).max(60_000).default(2000),
  acceptProxy: z
    .strictObject({
      timeoutMs: z.number().int().min(1).max(60_000).default(3000),
      trustedSources: z
        .array(Cidr)
        .min(1, { error: "an empty list would refuse every connection; omit trustedSources to accept any source" })
        .max(1024)
        .optional(),
    })
    .optional(),
  sendProxy: z.enum(["v1", "v2"]).optional(),
  logConnections: z.enum(["close", "all", "errors", "none"]).default("close"),
});

/* @__PURE__ */ describeFields(L4ListenerSchema, {
  address: "Bind address, e.g. 0.0.0.0, ::, 127.0.0.1.",
  balance: "Overrides the pool's policy for this listener.",
  maxConnections: "UDP: max sessions.",
  "acceptProxy.trustedSources":
    "Addresses (10.0.0.0/8, 2001:db8::/32, 192.0.2.7) allowed to send a PROXY header; connections from elsewhere are refused before reading. Omitted = any source.",
  logConnections:
    "Per-connection log lines: close (one line per connection when it ends, like HAProxy tcplog), all (an open line too), errors (only closes that were not a normal FIN: errors, timeouts), or none.",
});

export const L4Schema = z
  .strictObject({
    listeners: z.array(L4ListenerSchema).default([]),
    pools: z.record(z.string().min(1).max(128), L4PoolSchema).default({}),
    admin: z.strictObject({ address: Host.default("127.0.0.1"), port: BindPort }).optional(),
    workers: z.union([z.number().int().min(1).max(256), z.literal("auto")]).default(1),
    drainTimeoutMs: Ms(10_000, 3_600_000),
    fastPath: z.boolean().default(true),
  })
  .superRefine(checkL4References);

/* @__PURE__ */ describeFields(L4Schema, {
  admin: "Serves /metrics and /healthz.",
  workers: "Processes sharing each TCP listener; auto = one per CPU.",
  drainTimeoutMs: "On SIGTERM, how long open connections may finish before being closed.",
  fastPath:
    "Relay TCP bytes through Node internals (self-checked at start-up); false = the public socket API only. RELAY_FAST_PATH=off overrides.",
});

export type L4Section = z.infer<typeof L4Schema>;
export type L4Listener = z.infer<typeof L4ListenerSchema>;
export type L4Pool = z.infer<typeof L4PoolSchema>;
export type L4Backend = z.infer<typeof L4BackendSchema>;
export type L4Health = z.infer<typeof L4HealthSchema>;
export type L4Balance = z.infer<typeof L4BalanceSchema>;
export type L4Timeouts = z.infer<typeof L4TimeoutsSchema>;
export type L4Sni = z.infer<typeof L4SniSchema>;
