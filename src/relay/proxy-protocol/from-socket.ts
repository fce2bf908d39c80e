import type { Socket } from "node:net";
import { unmapIPv4 } from "./ip.ts";
import type { ProxyAddressInfo } from "./types.ts";

/** The addresses of a connection, as net.Socket has them (the raw path builds the same view). */
export type SocketAddresses = Pick<Socket, "remoteAddress" | "remotePort" | "localAddress" | "localPort">;

/**
 * The header a relay sends upstream (send-proxy) for a client connection: the client is the
 * source, the address it connected to is the destination. When the relay itself accepted a
 * PROXY header, pass that info through instead so the backend sees the original client.
 * IPv4-mapped IPv6 peers (dual-stack listeners) are reported as TCP4.
 */
export function proxyInfoFromSocket(socket: SocketAddresses): ProxyAddressInfo {
  const src = socket.remoteAddress;
  const dst = socket.localAddress;
  if (!src || !dst || socket.remotePort === undefined || socket.localPort === undefined) {
    return { command: "PROXY", family: "UNKNOWN", sourceAddress: "", sourcePort: 0, destAddress: "", destPort: 0 };
  }
  const s4 = unmapIPv4(src);
  const d4 = unmapIPv4(dst);
  const v4 = !s4.includes(":") && !d4.includes(":");
  return {
    command: "PROXY",
    family: v4 ? "TCP4" : "TCP6",
    sourceAddress: v4 ? s4 : src,
    sourcePort: socket.remotePort,
    destAddress: v4 ? d4 : dst,
    destPort: socket.localPort,
  };
}
