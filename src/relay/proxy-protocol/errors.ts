/**
 * Why a PROXY protocol header was refused. `code` is stable (log it, match on it);
 * the message says what was wrong for a human.
 */
export type ProxyErrorCode =
  | "PROXY_TIMEOUT" // the header did not arrive in time
  | "PROXY_TRUNCATED" // the peer closed before the header was complete
  | "PROXY_BAD_SIGNATURE" // neither "PROXY " (v1) nor the v2 signature
  | "PROXY_BAD_VERSION" // v2 version nibble is not 2
  | "PROXY_BAD_COMMAND" // v2 command other than LOCAL/PROXY
  | "PROXY_BAD_FAMILY" // unknown address family / transport byte
  | "PROXY_TOO_LONG" // v1 line without CRLF in 107 bytes, or v2 length above our cap
  | "PROXY_MALFORMED" // anything else that does not match the spec exactly
  | "PROXY_BAD_CHECKSUM" // PP2_TYPE_CRC32C present and wrong
  | "PROXY_SOCKET_ERROR" // the socket failed while the header was read
  | "PROXY_INVALID_ARGUMENT"; // encoder given something it cannot represent

export class ProxyProtocolError extends Error {
  readonly code: ProxyErrorCode;
  constructor(code: ProxyErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ProxyProtocolError";
    this.code = code;
  }
}
