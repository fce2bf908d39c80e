import net from "node:net";

/*
 * The libuv-level pieces the raw data path (raw/session.ts) drives directly: Node's `tcp_wrap`
 * (the TCP handle, its connect request) and `stream_wrap` (write and shutdown requests, the shared
 * state array a read reports its byte count in). They are what net.Socket is built on, and not a
 * public API: `rawInternalsProblem` checks their shape at start-up (tcp/fast-path.ts), and
 * `rawTcp` is undefined when anything is missing, so listeners keep the net.Socket path.
 */

export interface WriteReq {
  oncomplete: (this: WriteReq, status: number) => void;
  /** Keeps the chunk alive while libuv writes it. */
  buffer: Buffer | null;
  /** The reading side that stopped until this write completes (undefined for lead bytes). */
  from: unknown;
  /** The side written to. */
  to: unknown;
}

/** A shutdown request; without an `oncomplete` Node reports nothing back (raw/pump.ts does not wait). */
export type ShutdownReq = object;

export interface ConnectReq {
  oncomplete: (this: ConnectReq, status: number, handle: RawTcpHandle) => void;
  owner: unknown;
  address: string;
  port: number;
}

export interface PeerName {
  address?: string;
  port?: number;
  family?: string;
}

/** The TCP handle (tcp_wrap.TCP) as the raw path uses it. */
export interface RawTcpHandle {
  /** Called by libuv for every read: byte count or error in streamBaseState[kReadBytesOrError]. */
  onread: (this: RawTcpHandle) => Buffer | undefined;
  readStart(): number;
  readStop(): number;
  useUserBuffer(buf: Buffer): void;
  writeBuffer(req: WriteReq, chunk: Buffer): number;
  shutdown(req: ShutdownReq): number;
  close(cb?: () => void): void;
  /** Closes with a reset (SO_LINGER 0); fails (non-zero, and the handle is left unclosed) while a shutdown is pending. */
  reset(cb?: () => void): number;
  setNoDelay(on: boolean): number;
  getpeername(out: PeerName): number;
  getsockname(out: PeerName): number;
  connect(req: ConnectReq, address: string, port: number): number;
  connect6(req: ConnectReq, address: string, port: number): number;
  /** Bytes of queued writes (libuv's write_queue_size). */
  readonly writeQueueSize: number;
  /** Set by the raw session: the side this handle is. */
  side: unknown;
}

interface RawTcpBinding {
  TCP: new (type: number) => RawTcpHandle;
  TCPConnectWrap: new () => ConnectReq;
  SOCKET: number;
  WriteWrap: new () => WriteReq;
  ShutdownWrap: new () => ShutdownReq;
  streamBaseState: Int32Array;
  kReadBytesOrError: number;
  kLastWriteWasAsync: number;
  UV_EOF: number;
}

const HANDLE_METHODS = [
  "readStart",
  "readStop",
  "useUserBuffer",
  "writeBuffer",
  "shutdown",
  "close",
  "reset",
  "setNoDelay",
  "getpeername",
  "getsockname",
  "connect",
  "connect6",
];

type Bindings = (n: string) => Record<string, unknown>;

function load(): RawTcpBinding | string {
  let tcp: Record<string, unknown>;
  let stream: Record<string, unknown>;
  let uv: Record<string, unknown>;
  try {
    const binding = (process as unknown as { binding: Bindings }).binding;
    tcp = binding("tcp_wrap");
    stream = binding("stream_wrap");
    uv = binding("uv");
  } catch (e) {
    return `process.binding failed: ${(e as Error).message}`;
  }
  const TCP = tcp.TCP as ((new (t: number) => unknown) & { prototype: Record<string, unknown> }) | undefined;
  if (typeof TCP !== "function" || typeof tcp.TCPConnectWrap !== "function")
    return "tcp_wrap has no TCP/TCPConnectWrap";
  const proto = TCP.prototype;
  const missing = HANDLE_METHODS.filter((m) => typeof proto[m] !== "function");
  if (missing.length > 0) return `the TCP handle has no ${missing.join("/")}`;
  if (typeof stream.WriteWrap !== "function" || typeof stream.ShutdownWrap !== "function")
    return "stream_wrap has no WriteWrap/ShutdownWrap";
  if (
    !(stream.streamBaseState instanceof Int32Array) ||
    typeof stream.kReadBytesOrError !== "number" ||
    typeof stream.kLastWriteWasAsync !== "number"
  )
    return "stream_wrap has no streamBaseState/kReadBytesOrError/kLastWriteWasAsync";
  const socket = (tcp.constants as { SOCKET?: unknown } | undefined)?.SOCKET;
  if (typeof socket !== "number") return "tcp_wrap has no constants.SOCKET";
  if (typeof uv.UV_EOF !== "number") return "the uv binding has no UV_EOF";
  return {
    TCP: TCP as unknown as RawTcpBinding["TCP"],
    TCPConnectWrap: tcp.TCPConnectWrap as RawTcpBinding["TCPConnectWrap"],
    SOCKET: socket,
    WriteWrap: stream.WriteWrap as RawTcpBinding["WriteWrap"],
    ShutdownWrap: stream.ShutdownWrap as RawTcpBinding["ShutdownWrap"],
    streamBaseState: stream.streamBaseState,
    kReadBytesOrError: stream.kReadBytesOrError,
    kLastWriteWasAsync: stream.kLastWriteWasAsync,
    UV_EOF: uv.UV_EOF,
  };
}

const loaded = load();

/** The bindings, or undefined when they are not as expected. */
export const rawTcp: RawTcpBinding | undefined = typeof loaded === "string" ? undefined : loaded;

/** What is missing for the raw path, or undefined. */
export function rawInternalsProblem(): string | undefined {
  return typeof loaded === "string" ? loaded : undefined;
}

/** 4 or 6 for an IP literal (connect without a look-up), else 0. */
export function ipFamily(address: string): number {
  return net.isIP(address);
}
