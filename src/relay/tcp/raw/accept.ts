import type net from "node:net";
import type { RawTcpHandle } from "./binding.ts";

type OnConnection = (this: unknown, err: number, client: RawTcpHandle | undefined) => void;
interface ListeningHandle {
  onconnection?: OnConnection;
}

/**
 * Lets `take` have every accepted connection's TCP handle before net.Server wraps it in a Socket:
 * `take` returns true when it owns the handle, false to let net.Server go on as usual (it then
 * builds the Socket and emits 'connection'). The hook sits on the listening handle's
 * `onconnection`, which libuv calls for an own listening socket and Node's cluster code for a
 * round-robin worker alike. Returns false when the server has no such handle (not listening).
 */
export function interceptAccepts(server: net.Server, take: (client: RawTcpHandle) => boolean): boolean {
  const handle = (server as unknown as { _handle?: ListeningHandle | null })._handle;
  const original = handle?.onconnection;
  if (!handle || typeof original !== "function") return false;
  handle.onconnection = function onconnection(this: unknown, err: number, client: RawTcpHandle | undefined) {
    if (err === 0 && client !== undefined && take(client)) return;
    original.call(this, err, client);
  };
  return true;
}
