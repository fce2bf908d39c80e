/** PROXY protocol v1 (text) and v2 (binary) per HAProxy's proxy-protocol.txt: encode for send-proxy, read for accept-proxy. */
export { encodeProxyV1, encodeProxyV2 } from "./encode.ts";
export { decodeProxyHeader } from "./decode.ts";
export { readProxyHeader, type ReadProxyResult } from "./read.ts";
export { proxyInfoFromSocket } from "./from-socket.ts";
export { upstreamProxyHeader } from "./upstream.ts";
export { ProxyProtocolError, type ProxyErrorCode } from "./errors.ts";
export { crc32c } from "./crc32c.ts";
export * from "./types.ts";
