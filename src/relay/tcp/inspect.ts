import type net from "node:net";
import type { L4Listener } from "../../schema/l4.ts";
import { SniNoMatchError } from "../errors.ts";
import { type ProxyAddressInfo, readProxyHeader } from "../proxy-protocol/index.ts";
import { inspectServerName } from "../sni/route.ts";

/** What the first bytes of a connection told us: where to send it and what to replay first. */
export interface Inspection {
  poolName: string | undefined;
  /** Bytes read while inspecting; relayed to the backend before anything else. */
  prefix: Buffer | undefined;
  /** The client as reported by a front balancer's PROXY header. */
  origin: ProxyAddressInfo | undefined;
  serverName: string | undefined;
}

/**
 * Reads the PROXY header (acceptProxy) and then the TLS ClientHello (sni) of a paused client.
 * Rejects with an error whose `code` is the close reason (PROXY_*, SNI_*, ERR_RELAY_*).
 */
export async function inspectConnection(client: net.Socket, cfg: L4Listener): Promise<Inspection> {
  const out: Inspection = { poolName: cfg.pool, prefix: undefined, origin: undefined, serverName: undefined };
  if (cfg.acceptProxy) {
    const r = await readProxyHeader(client, cfg.acceptProxy.timeoutMs);
    if (r.info.command === "PROXY" && r.info.family !== "UNKNOWN") out.origin = r.info;
    out.prefix = r.rest;
  }
  if (cfg.sni) {
    const r = await inspectServerName(client, cfg.sni, out.prefix);
    out.prefix = r.buffered;
    out.serverName = r.serverName;
    out.poolName = r.pool;
    if (out.poolName === undefined) throw new SniNoMatchError(out.serverName);
  }
  return out;
}
