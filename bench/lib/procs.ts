/**
 * Every process the bench starts goes through `start`, which puts it in its own process group
 * (detached) so `stopAll` can kill the group — including grandchildren such as HAProxy threads'
 * process or a relay's per-core workers — on normal exit, on error and on Ctrl-C.
 */
import { type ChildProcess, type SpawnOptions, spawn } from "node:child_process";
import { closeSync, createWriteStream, fstatSync, mkdirSync, openSync, readSync } from "node:fs";
import { join } from "node:path";

export interface Started {
  name: string;
  child: ChildProcess;
  pid: number;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  /** Last few KiB of stdout+stderr, for error messages. */
  tail(): string;
  stop(): Promise<void>;
}

const running = new Set<Started>();
export const LOG_DIR = join(import.meta.dirname, "..", "tmp", "logs");

export interface StartOptions extends SpawnOptions {
  /** Raise the open-files limit of the child (through `sh -c 'ulimit -n N; exec ...'`). */
  nofile?: number;
  /** How long `stop` waits after SIGTERM before SIGKILL (default 2 s). */
  graceMs?: number;
  /**
   * Pipe stdout/stderr through this process (needed to read them). Default: the child writes
   * straight to its log file, so a chatty server never costs the bench process CPU mid-measurement.
   */
  capture?: boolean;
}

export function start(name: string, cmd: string, args: readonly string[], opts: StartOptions = {}): Started {
  mkdirSync(LOG_DIR, { recursive: true });
  const { nofile, graceMs, capture, ...spawnOpts } = opts;
  const [file, argv] = nofile
    ? ["sh", ["-c", `ulimit -n ${nofile} && exec "$0" "$@"`, cmd, ...args]]
    : [cmd, [...args]];
  const logPath = join(LOG_DIR, `${name}.log`);
  let tail = "";
  let child: ChildProcess;
  let log: ReturnType<typeof createWriteStream> | undefined;
  if (capture) {
    child = spawn(file, argv, { stdio: ["ignore", "pipe", "pipe"], detached: true, ...spawnOpts });
    log = createWriteStream(logPath, { flags: "a" });
    const onData = (b: Buffer) => {
      log!.write(b);
      tail = (tail + b.toString()).slice(-4096);
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
  } else {
    const fd = openSync(logPath, "a");
    child = spawn(file, argv, { stdio: ["ignore", fd, fd], detached: true, ...spawnOpts });
    closeSync(fd);
  }
  const exited = new Promise<number | string>((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(entry);
      log?.end();
      resolve(code ?? signal ?? "unknown");
    });
    child.on("error", (e) => {
      tail += `\nspawn error: ${e.message}`;
      running.delete(entry);
      resolve("spawn-error");
    });
  });
  const entry: Started = {
    name,
    child,
    pid: child.pid ?? -1,
    exited,
    tail: () => (capture ? tail : readTail(logPath)),
    stop: () => stopOne(entry, graceMs),
  };
  running.add(entry);
  return entry;
}

function readTail(path: string, bytes = 4096): string {
  try {
    const fd = openSync(path, "r");
    const size = fstatSync(fd).size;
    const buf = Buffer.alloc(Math.min(bytes, size));
    readSync(fd, buf, 0, buf.length, size - buf.length);
    closeSync(fd);
    return buf.toString();
  } catch {
    return "";
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  if (pid <= 0) return;
  try {
    process.kill(-pid, signal);
  } catch {
    /* already gone */
  }
}

async function stopOne(p: Started, graceMs = 2000): Promise<void> {
  if (!running.has(p)) return;
  killGroup(p.pid, "SIGTERM");
  const timer = new Promise((r) => setTimeout(r, graceMs, "timeout"));
  if ((await Promise.race([p.exited, timer])) === "timeout") {
    killGroup(p.pid, "SIGKILL");
    await Promise.race([p.exited, new Promise((r) => setTimeout(r, 1000))]);
  }
  // The leader may have exited while group members linger: make sure the group is gone.
  killGroup(p.pid, "SIGKILL");
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((p) => p.stop()));
}

/** Synchronous last resort for `process.on("exit")`. */
export function killAllNow(): void {
  for (const p of running) killGroup(p.pid, "SIGKILL");
}

/** Runs a command to completion (own process group, killed at `timeoutMs`), collecting its output. */
export async function run(
  name: string,
  cmd: string,
  args: readonly string[],
  opts: StartOptions & { timeoutMs: number },
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const { timeoutMs, ...rest } = opts;
  const p = start(name, cmd, args, { ...rest, capture: true });
  let stdout = "";
  let stderr = "";
  p.child.stdout?.on("data", (b: Buffer) => (stdout += b.toString()));
  p.child.stderr?.on("data", (b: Buffer) => (stderr += b.toString()));
  const timer = setTimeout(() => void p.stop(), timeoutMs);
  const code = await p.exited;
  clearTimeout(timer);
  return { code, stdout, stderr };
}
