import net from "node:net";
import type { Logger } from "../observability/log.ts";
import { binding } from "./direct-write.ts";
import { fastPathEnvOff, fastPathOn, setFastPathOn } from "./fast-path-switch.ts";
import { rawInternalsProblem } from "./raw/binding.ts";
import { rawLiveProblem } from "./raw/self-check.ts";
import { kPeer, kSession, onreadSlots, useUserBuffers } from "./read-buffers.ts";

/*
 * The fast path uses Node internals: `process.binding("stream_wrap")` (WriteWrap, streamBaseState),
 * the TCP handle (`_handle.writeBuffer`, `_handle.useUserBuffer`), the Writable's `_writableState`
 * and net.Socket's private onread slots; plain pass-through listeners drive the TCP handles directly
 * (tcp/raw/). They are not a public API, so the relay checks them once
 * at start-up: their shape, then a live echo over loopback that goes through the fast path itself.
 * When anything is off it falls back to the public stream API (`socket.write`, 'data' events) with
 * one warning line; `RELAY_FAST_PATH=off` or `l4.fastPath: false` choose the fallback on purpose.
 */

/** What is not as expected, or undefined. Synchronous: shapes only. */
export function internalsProblem(): string | undefined {
  if (binding === undefined)
    return 'process.binding("stream_wrap") has no WriteWrap/streamBaseState/kLastWriteWasAsync';
  if (onreadSlots === undefined) return "net.Socket has no onread slots (kBuffer, kBufferGen, kBufferCb)";
  let proto: Record<string, unknown> | undefined;
  try {
    const tcp = (
      process as unknown as { binding(n: string): { TCP?: { prototype: Record<string, unknown> } } }
    ).binding("tcp_wrap");
    proto = tcp.TCP?.prototype;
  } catch {
    /* reported below */
  }
  if (typeof proto?.writeBuffer !== "function" || typeof proto?.useUserBuffer !== "function")
    return "the TCP handle has no writeBuffer/useUserBuffer";
  const ws = (new net.Socket() as net.Socket & { _writableState?: Record<string, unknown> })._writableState;
  if (typeof ws?.length !== "number" || typeof ws.ending !== "boolean" || typeof ws.destroyed !== "boolean")
    return "net.Socket has no _writableState { length, ending, destroyed }";
  return rawInternalsProblem();
}

/**
 * A loopback connection whose accepted side reads into user buffers and writes every chunk back
 * with `relayWrite`: what a relayed connection does. Resolves to a problem or undefined.
 */
async function liveProblem(timeoutMs = 2000): Promise<string | undefined> {
  const server = net.createServer({ pauseOnConnect: true });
  // exclusive: in a cluster worker, a port-0 listen would otherwise share one round-robin socket
  // with the other workers' checks, and the echo could be handed to a worker whose check is over.
  await new Promise<void>((r) => server.listen({ port: 0, host: "127.0.0.1", exclusive: true }, r));
  const sent = Buffer.from("edge-relay fast path self-check");
  let client: net.Socket | undefined;
  let accepted: net.Socket | undefined;
  try {
    return await new Promise<string | undefined>((resolve) => {
      const timer = setTimeout(() => resolve("the loopback echo did not come back"), timeoutMs);
      server.once("connection", (raw: net.Socket) => {
        try {
          accepted = useUserBuffers(raw);
          const s = accepted as net.Socket & { [kPeer]?: net.Socket; [kSession]?: { active: boolean } };
          s[kSession] = { active: true };
          s[kPeer] = s; // echo: what it reads is written back to itself
          accepted.on("error", () => {});
          accepted.resume();
        } catch (e) {
          clearTimeout(timer);
          resolve(`the echo failed: ${(e as Error).message}`);
        }
      });
      client = net.connect((server.address() as net.AddressInfo).port, "127.0.0.1");
      client.on("error", (e) => resolve(`the echo failed: ${e.message}`));
      let got = Buffer.alloc(0);
      client.on("data", (d: Buffer) => {
        got = Buffer.concat([got, d]);
        if (got.length < sent.length) return;
        clearTimeout(timer);
        resolve(got.equals(sent) ? undefined : "the echo came back changed");
      });
      client.write(sent);
    });
  } finally {
    client?.destroy();
    accepted?.destroy();
    await new Promise((r) => server.close(r));
  }
}

let checked: Promise<string | undefined> | undefined;
let reported = false;
let current: FastPathState | undefined;

/** The start-up self-check, run once per process. */
export function fastPathProblem(): Promise<string | undefined> {
  checked ??= (async () => {
    const shape = internalsProblem();
    if (shape !== undefined) return shape;
    const was = fastPathOn;
    setFastPathOn(true); // the echo must take the fast path even if the config turned it off
    try {
      return (await liveProblem()) ?? (await rawLiveProblem());
    } catch (e) {
      return `the echo failed: ${(e as Error).message}`;
    } finally {
      setFastPathOn(was);
    }
  })();
  return checked;
}

export type FastPathState = { on: boolean; reason: string };

/**
 * Sets the switch for new connections from the config (`l4.fastPath`), the environment
 * (`RELAY_FAST_PATH=off`) and the self-check. Logs one line: a warning the first time the
 * self-check fails, else an info line when the state is first set or changes.
 */
export async function configureFastPath(wanted: boolean, log: Logger): Promise<FastPathState> {
  const before = current;
  let failed = false;
  let state: FastPathState;
  if (fastPathEnvOff) state = { on: false, reason: "RELAY_FAST_PATH=off" };
  else if (!wanted) state = { on: false, reason: "l4.fastPath is false" };
  else {
    const problem = await fastPathProblem();
    if (problem !== undefined) {
      state = { on: false, reason: problem };
      failed = true;
      if (!reported) {
        reported = true;
        log.warn("fast_path_unavailable", { reason: problem, fallback: "socket.write" });
      }
    } else state = { on: true, reason: "self-check passed" };
  }
  setFastPathOn(state.on);
  current = state;
  if (!failed && (before === undefined || before.on !== state.on)) log.info("fast_path", state);
  return state;
}

/** The state last set by configureFastPath (metrics), or undefined before the first config. */
export function fastPathState(): FastPathState | undefined {
  return current;
}
