/** PROXY protocol v1 (text) and v2 (binary) per HAProxy's proxy-protocol.txt: encode for send-proxy, read for accept-proxy. */

export { crc32c } from "./crc32c.ts";
export { decodeProxyHeader } from "./decode.ts";
export { encodeProxyV1, encodeProxyV2 } from "./encode.ts";
export { type ProxyErrorCode, ProxyProtocolError } from "./errors.ts";
export { proxyInfoFromSocket } from "./from-socket.ts";
export { type ReadProxyResult, readProxyHeader } from "./read.ts";
export * from "./types.ts";
export { upstreamProxyHeader } from "./upstream.ts";
