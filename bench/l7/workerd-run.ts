/** Running workers in raw `workerd serve` and loading them with wrk (the worker throughput and policy figures). */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "../l4/contenders.ts";
import { HOST, waitForPort } from "../lib/net.ts";
import { run, type Started, start } from "../lib/procs.ts";

export const WORKERD = join(ROOT, "node_modules", ".bin", "workerd");

export function wranglerVars(): { vars: Record<string, string>; compatibilityDate: string } {
  const toml = readFileSync(join(ROOT, "wrangler.toml"), "utf8");
  const compatibilityDate = /^compatibility_date\s*=\s*"([^"]+)"/m.exec(toml)?.[1] ?? "2026-11-01";
  const vars: Record<string, string> = {};
  const section = /^\[vars\]\s*\n([\s\S]*?)(?=^\[|$(?![\s\S]))/m.exec(toml)?.[1] ?? "";
  for (const m of section.matchAll(/^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*"([^"]*)"/gm)) vars[m[1]!] = m[2]!;
  return { vars, compatibilityDate };
}

/** A wrk script that cycles through `paths`, one GET each. */
export function luaScript(paths: readonly string[]): string {
  return `local paths = { ${paths.map((p) => JSON.stringify(p)).join(", ")} }
local i = 0
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
`;
}

export interface WrkResult {
  rps: number;
  requests: number;
  p50ms: number;
  p99ms: number;
  non2xx: number;
}

function toMs(v: string): number {
  const m = /^([\d.]+)(us|ms|s)$/.exec(v.trim());
  if (!m) return Number.NaN;
  const x = Number(m[1]);
  return m[2] === "us" ? x / 1000 : m[2] === "s" ? x * 1000 : x;
}

/** Reads wrk's summary (`--latency` for the percentiles); null when it printed no request rate. */
export function parseWrk(stdout: string): WrkResult | null {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(stdout)?.[1]);
  // wrk --latency prints its percentiles as "     99%   20.60ms" under "Latency Distribution".
  const percentile = (p: number) => toMs(new RegExp(`^\\s+${p}%\\s+(\\S+)`, "m").exec(stdout)?.[1] ?? "");
  const non2xx = Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(stdout)?.[1] ?? 0);
  const requests = Number(/(\d+) requests in/.exec(stdout)?.[1] ?? 0);
  return Number.isFinite(rps) ? { rps, requests, p50ms: percentile(50), p99ms: percentile(99), non2xx } : null;
}

export async function wrk(port: number, script: string, seconds: number): Promise<WrkResult | null> {
  const r = await run(
    "wrk",
    "wrk",
    ["-t1", "-c16", `-d${seconds}s`, "--latency", "-s", script, `http://${HOST}:${port}/`],
    {
      timeoutMs: (seconds + 20) * 1000,
    },
  );
  return parseWrk(r.stdout);
}

async function check(port: number, path: string): Promise<string | null> {
  try {
    const res = await fetch(`http://${HOST}:${port}${path}`);
    const text = await res.text();
    return res.status === 200 && text.includes('"origin":"bench"')
      ? null
      : `GET ${path} answered ${res.status}: ${text.slice(0, 200)}`;
  } catch (e) {
    return `GET ${path} failed: ${(e as Error).message}`;
  }
}

export async function startWorkerd(
  name: string,
  config: string,
  port: number,
  dir: string,
  checkPath: string,
  extra: string[] = [],
): Promise<Started> {
  const p = start(`workerd-${name}`, WORKERD, ["serve", config, ...extra], { cwd: dir });
  await waitForPort(port, 20_000, () => p.child.exitCode === null).catch((e: Error) => {
    void p.stop();
    throw new Error(`workerd (${name}) did not start: ${e.message}\n${p.tail()}`);
  });
  const bad = await check(port, checkPath);
  if (bad) {
    await p.stop();
    throw new Error(`${name} worker is not proxying: ${bad}\n${p.tail().slice(-800)}`);
  }
  return p;
}
