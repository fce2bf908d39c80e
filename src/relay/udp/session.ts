import dgram from "node:dgram";
import net from "node:net";
import { nextConnectionId } from "../observability/connection-id.ts";
import type { Backend } from "../pool/backend.ts";

/** Most datagrams held for one session while its upstream socket is still connecting. */
const MAX_PENDING_PACKETS = 64;
const MAX_PENDING_BYTES = 256 * 1024;

export interface UdpSessionEvents {
  /** A datagram from the backend for this session's client. */
  reply(session: UdpSession, msg: Buffer): void;
  /** The session ended (idle, error, closed by reload or shutdown); called once. */
  closed(session: UdpSession, reason: string, error?: Error): void;
}

/**
 * One client (address:port) of a UDP listener and its own connected socket to one backend.
 * A connected UDP socket only accepts datagrams from that backend, so replies cannot be spoofed
 * by third parties, and the kernel reports ICMP port-unreachable as an error (passive health).
 */
export class UdpSession {
  readonly clientAddress: string;
  readonly clientPort: number;
  readonly backend: Backend;
  readonly startedAt = Date.now();
  /** The session id of its log lines (`requestId`, the worker's name for the same fact). */
  readonly requestId = nextConnectionId();
  lastActivity = Date.now();
  packetsFromClient = 0;
  packetsToClient = 0;
  bytesFromClient = 0;
  bytesToClient = 0;
  /** Datagrams dropped for this session (pending queue full). */
  dropped = 0;
  #socket: dgram.Socket;
  #pending: Buffer[] | undefined = [];
  #pendingBytes = 0;
  #closed = false;
  readonly #events: UdpSessionEvents;

  constructor(clientAddress: string, clientPort: number, backend: Backend, events: UdpSessionEvents) {
    this.clientAddress = clientAddress;
    this.clientPort = clientPort;
    this.backend = backend;
    this.#events = events;
    this.#socket = dgram.createSocket(net.isIPv6(backend.address) ? "udp6" : "udp4");
    this.#socket.on("message", (msg) => {
      this.lastActivity = Date.now();
      this.packetsToClient++;
      this.bytesToClient += msg.length;
      this.#events.reply(this, msg);
    });
    this.#socket.on("error", (e) => this.close("backend_error", e));
    this.#socket.connect(backend.port, backend.address, () => this.#flush());
  }

  get closed(): boolean {
    return this.#closed;
  }

  /** True once the upstream socket is connected (datagrams go straight out). */
  get connected(): boolean {
    return this.#pending === undefined;
  }

  /** Forwards one client datagram to the backend (queued briefly while connecting). */
  send(msg: Buffer): void {
    if (this.#closed) return;
    this.lastActivity = Date.now();
    this.packetsFromClient++;
    this.bytesFromClient += msg.length;
    if (this.#pending) {
      if (this.#pending.length >= MAX_PENDING_PACKETS || this.#pendingBytes + msg.length > MAX_PENDING_BYTES) {
        this.dropped++;
        return;
      }
      this.#pending.push(msg); // each 'message' Buffer is freshly allocated, so holding it is safe
      this.#pendingBytes += msg.length;
      return;
    }
    this.#socket.send(msg, (err) => err && this.close("backend_error", err));
  }

  close(reason: string, error?: Error): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#pending = undefined;
    try {
      this.#socket.close();
    } catch {
      // already closed by an error
    }
    this.#events.closed(this, reason, error);
  }

  #flush(): void {
    const queued = this.#pending ?? [];
    this.#pending = undefined;
    this.#pendingBytes = 0;
    if (this.#closed) return;
    for (const m of queued) this.#socket.send(m, (err) => err && this.close("backend_error", err));
  }
}
