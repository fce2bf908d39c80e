import { encodeProxyV1, encodeProxyV2 } from "./encode.ts";
import { proxyInfoFromSocket, type SocketAddresses } from "./from-socket.ts";
import { PP2_TYPE_AUTHORITY, type ProxyAddressInfo } from "./types.ts";

/**
 * The header a listener with `sendProxy` writes to its backend. The source is the original
 * client: from the header accepted from a front balancer when there was one, else the socket.
 * TLVs received from the front are not forwarded (they describe the front's hop and may be
 * private to it); v2 carries the TLS server name as PP2_TYPE_AUTHORITY when SNI routing saw one,
 * like HAProxy's `proxy-v2-options authority`.
 */
export function upstreamProxyHeader(
  version: "v1" | "v2",
  client: SocketAddresses,
  origin?: ProxyAddressInfo,
  serverName?: string,
): Buffer {
  const base =
    origin && origin.command === "PROXY" && origin.family !== "UNKNOWN" ? origin : proxyInfoFromSocket(client);
  const info: ProxyAddressInfo = { ...base, tlvs: undefined };
  if (version === "v1") return encodeProxyV1(info);
  if (serverName) info.tlvs = [{ type: PP2_TYPE_AUTHORITY, value: Buffer.from(serverName, "latin1") }];
  return encodeProxyV2(info);
}
