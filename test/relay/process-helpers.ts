import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

export interface RelayProcess {
  child: ChildProcess;
  lines: Record<string, unknown>[];
  stderr: () => string;
  /** Resolves with the first log line (new or past) matching `pred`. */
  waitFor(pred: (l: Record<string, unknown>) => boolean, ms?: number): Promise<Record<string, unknown>>;
  exited: Promise<number | null>;
}

export function writeConfig(file: string, doc: unknown): void {
  writeFileSync(file, JSON.stringify(doc, null, 2));
}

export function tempConfig(doc: unknown): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "relay-")), "edge.json");
  writeConfig(file, doc);
  return file;
}

/** Runs the real relay (`node src/relay/control/main.ts`) and parses its JSON log lines. */
export function spawnRelay(
  args: string[],
  opts: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; main?: string; cwd?: string; execPath?: string } = {},
): RelayProcess {
  const main = opts.main ?? "src/relay/control/main.ts";
  const child = spawn(opts.execPath ?? process.execPath, [...(opts.nodeArgs ?? []), main, ...args], {
    cwd: opts.cwd ?? ROOT,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: Record<string, unknown>[] = [];
  const waiters: { pred: (l: Record<string, unknown>) => boolean; resolve: (l: Record<string, unknown>) => void }[] =
    [];
  let err = "";
  const onLine = (text: string) => {
    let l: Record<string, unknown>;
    try {
      l = JSON.parse(text);
    } catch {
      return;
    }
    lines.push(l);
    for (const w of [...waiters]) if (w.pred(l)) waiters.splice(waiters.indexOf(w), 1), w.resolve(l);
  };
  for (const stream of [child.stdout!, child.stderr!]) {
    let buf = "";
    stream.setEncoding("utf8");
    stream.on("data", (d: string) => {
      if (stream === child.stderr) err += d;
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, i));
        buf = buf.slice(i + 1);
      }
    });
  }
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return {
    child,
    lines,
    stderr: () => err,
    exited,
    waitFor(pred, ms = 20_000) {
      const past = lines.find(pred);
      if (past) return Promise.resolve(past);
      return new Promise((resolve, reject) => {
        const t = setTimeout(
          () => reject(new Error(`no matching log line within ${ms} ms; stderr: ${err.slice(-2000)}`)),
          ms,
        );
        waiters.push({ pred, resolve: (l) => (clearTimeout(t), resolve(l)) });
      });
    },
  };
}
