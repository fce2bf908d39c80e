/** Loopback helpers: free ports, waiting for a listener, reading a process tree's memory. */

import { readdirSync, readFileSync } from "node:fs";
import { connect, createServer } from "node:net";

export const HOST = "127.0.0.1";

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, HOST, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function waitForPort(port: number, timeoutMs: number, alive?: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const c = connect({ host: HOST, port });
      c.once("connect", () => {
        c.destroy();
        resolve(true);
      });
      c.once("error", () => resolve(false));
    });
    if (ok) return;
    if (alive && !alive()) throw new Error(`process exited before listening on ${HOST}:${port}`);
    if (Date.now() > until) throw new Error(`nothing listens on ${HOST}:${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

function listening(port: number): boolean {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, "0")} `;
  for (const f of ["/proc/net/tcp", "/proc/net/tcp6"]) {
    try {
      // st 0A = LISTEN; local_address is the second column ("0100007F:1F90").
      for (const line of readFileSync(f, "utf8").split("\n"))
        if (line.includes(hex) && / 0A /.test(line) && line.trim().split(/\s+/)[1]!.endsWith(hex.trim())) return true;
    } catch {
      /* no IPv6 */
    }
  }
  return false;
}

/**
 * Waits until something LISTENs on the port, without connecting: a probe connection through a
 * proxy would reach the backend, and iperf3's server (one test at a time) or the idle backend's
 * connection count must not see it.
 */
export async function waitForListen(port: number, timeoutMs: number, alive?: () => boolean): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!listening(port)) {
    if (alive && !alive()) throw new Error(`process exited before listening on port ${port}`);
    if (Date.now() > until) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await sleep(50);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

function childrenOf(): Map<number, number[]> {
  const kids = new Map<number, number[]>();
  for (const d of readdirSync("/proc")) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, "utf8");
      // Field 4 (ppid) comes after the parenthesised command name, which may contain spaces.
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      const list = kids.get(ppid) ?? [];
      list.push(Number(d));
      kids.set(ppid, list);
    } catch {
      /* process vanished */
    }
  }
  return kids;
}

/** Resident memory (KiB) of a process and all its descendants (a relay may fork one worker per core). */
export function treeRssKiB(rootPid: number): number {
  const kids = childrenOf();
  let total = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
      if (m) total += Number(m[1]);
    } catch {
      /* gone */
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return total;
}

/** CPU time (ms) used so far by a process tree, split into user and kernel (from /proc/<pid>/stat). */
export function treeCpuMs(rootPid: number): { user: number; sys: number } {
  const kids = childrenOf();
  const tick = 1000 / 100; // USER_HZ is 100 on Linux
  let user = 0;
  let sys = 0;
  const stack = [rootPid];
  while (stack.length) {
    const pid = stack.pop()!;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      // After the command: state(0) ppid(1) ... utime(11) stime(12) cutime(13) cstime(14)
      user += (Number(f[11]) + Number(f[13])) * tick;
      sys += (Number(f[12]) + Number(f[14])) * tick;
    } catch {
      /* gone */
    }
    stack.push(...(kids.get(pid) ?? []));
  }
  return { user, sys };
}
