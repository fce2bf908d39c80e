import type { L4Listener } from "../../schema/l4.ts";
import type { Relayed } from "../tcp/relayed.ts";
import { JsonLogger, type Logger } from "./log.ts";

/** Close reasons that are not worth a line when logConnections is "errors". */
const NORMAL_CLOSE = new Set(["client_fin", "backend_fin"]);

function proxiedClientOf(s: Relayed): string | undefined {
  const o = s.origin;
  return o ? `${o.sourceAddress}:${o.sourcePort}` : undefined;
}

/** The `open` line of logConnections "all", written when the backend connection is established. */
export function logOpen(log: Logger, cfg: L4Listener, s: Relayed): void {
  if (cfg.logConnections === "none") return;
  // The client's address for the close line: read now, while the socket is open (both paths cache it).
  const client = s.clientAddress;
  if (client === undefined || cfg.logConnections !== "all") return;
  log.info("open", {
    requestId: s.requestId,
    listener: cfg.name,
    client,
    proxiedClient: proxiedClientOf(s),
    sni: s.serverName,
    pool: s.pool.name,
    backend: s.target!.id,
    retries: s.retries,
  });
}

/** Whether a relayed connection closed for `reason` gets a close line. */
export function closeLogged(cfg: L4Listener, reason: string): boolean {
  const mode = cfg.logConnections;
  return mode !== "none" && !(mode === "errors" && NORMAL_CLOSE.has(reason));
}

/** The `close` line of a relayed connection (HAProxy tcplog), subject to logConnections. */
export function logClose(log: Logger, cfg: L4Listener, s: Relayed, reason: string): void {
  if (!closeLogged(cfg, reason)) return;
  if (log instanceof JsonLogger) return log.infoMembers("close", closeMembers(cfg, s, reason));
  log.info("close", {
    requestId: s.requestId,
    listener: cfg.name,
    client: `${s.clientAddress}`,
    proxiedClient: proxiedClientOf(s),
    sni: s.serverName,
    pool: s.pool.name,
    backend: s.target!.id,
    retries: s.retries,
    bytesFromClient: s.bytesFromClient,
    bytesToClient: s.bytesToClient,
    durationMs: Date.now() - s.startedAt,
    reason,
  });
}

/** Strings from our own config and Node (names, addresses, reason codes) rarely need escaping. */
const PLAIN = /^[\w.:%@/+-]*$/;
function str(v: string): string {
  return PLAIN.test(v) ? `"${v}"` : JSON.stringify(v);
}

/**
 * The close line's fields as JSON members, written directly (same fields, order and omissions as
 * the object form): this line is written once per connection, so it skips an object and a
 * JSON.stringify of it.
 */
function closeMembers(cfg: L4Listener, s: Relayed, reason: string): string {
  const o = s.origin;
  const proxied = o ? `"proxiedClient":${str(`${o.sourceAddress}:${o.sourcePort}`)},` : "";
  const sni = s.serverName === undefined ? "" : `"sni":${JSON.stringify(s.serverName)},`;
  return `"requestId":"${s.requestId}","listener":${str(cfg.name)},"client":${str(`${s.clientAddress}`)},${proxied}${sni}"pool":${str(s.pool.name)},"backend":${str(s.target!.id)},"retries":${s.retries},"bytesFromClient":${s.bytesFromClient},"bytesToClient":${s.bytesToClient},"durationMs":${Date.now() - s.startedAt},"reason":${str(reason)}`;
}
