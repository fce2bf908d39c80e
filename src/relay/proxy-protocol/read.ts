import type { Socket } from "node:net";
import { decodeProxyHeader } from "./decode.ts";
import { ProxyProtocolError } from "./errors.ts";
import { type ProxyAddressInfo, V2_MAX_LENGTH } from "./types.ts";

export interface ReadProxyResult {
  version: 1 | 2;
  info: ProxyAddressInfo;
  /** Bytes that arrived in the same reads as the header but follow it: the caller forwards them first. */
  rest: Buffer;
}

/**
 * Reads one PROXY v1/v2 header from a fresh socket (accept-proxy). Resolves once the header is
 * complete, leaving the socket paused with every byte after the header in `rest`; rejects with a
 * ProxyProtocolError (PROXY_TIMEOUT, PROXY_TRUNCATED, PROXY_BAD_SIGNATURE, ...) as soon as the bytes
 * cannot form a header. It never destroys the socket: closing and logging are the caller's.
 */
export function readProxyHeader(socket: Socket, timeoutMs: number): Promise<ReadProxyResult> {
  return new Promise((resolve, reject) => {
    let buf: Buffer = Buffer.alloc(0);
    let settled = false;

    const finish = (err: ProxyProtocolError | undefined, result?: ReadProxyResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.off("data", onData);
      socket.off("end", onEnd);
      socket.off("close", onEnd);
      socket.off("error", onError);
      socket.pause();
      if (err) reject(err);
      else resolve(result!);
    };

    const onData = (chunk: Buffer) => {
      buf = buf.length === 0 ? chunk : Buffer.concat([buf, chunk]);
      let parsed;
      try {
        parsed = decodeProxyHeader(buf);
      } catch (e) {
        return finish(e as ProxyProtocolError);
      }
      if (parsed)
        return finish(undefined, { version: parsed.version, info: parsed.info, rest: buf.subarray(parsed.length) });
      // decodeProxyHeader bounds both versions, so this only guards against a logic slip.
      if (buf.length > V2_MAX_LENGTH)
        finish(new ProxyProtocolError("PROXY_TOO_LONG", `no complete PROXY header in ${buf.length} bytes`));
    };
    const onEnd = () =>
      finish(
        new ProxyProtocolError(
          "PROXY_TRUNCATED",
          `connection closed after ${buf.length} byte(s) of an incomplete PROXY header`,
        ),
      );
    const onError = (e: Error) =>
      finish(
        new ProxyProtocolError("PROXY_SOCKET_ERROR", `socket error while reading the PROXY header: ${e.message}`, {
          cause: e,
        }),
      );

    const timer = setTimeout(
      () =>
        finish(
          new ProxyProtocolError(
            "PROXY_TIMEOUT",
            `no complete PROXY header within ${timeoutMs} ms (got ${buf.length} byte(s))`,
          ),
        ),
      timeoutMs,
    );
    socket.on("data", onData);
    socket.once("end", onEnd);
    socket.once("close", onEnd);
    socket.on("error", onError);
    socket.resume();
  });
}
