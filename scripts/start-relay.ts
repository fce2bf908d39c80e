/**
 * The L4 relay part of `npm start`: demo TCP line services on the ports the document's `l4`
 * pools name (127.0.0.1 only), then the real relay process (`src/relay/control/main.ts`) on the same
 * document, so it reloads on file changes like the worker does. start.ts calls startRelayDemo().
 *
 * The demo protocol: the service greets with "<name> ready", answers "PING" with "PONG" (the
 * health check) and every other line with "<name>: <LINE IN CAPITALS>".
 */
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import net from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseEdgeConfigText } from "../src/schema/index.ts";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

function lineService(name: string, port: number): Promise<net.Server> {
  const server = net.createServer((s) => {
    s.on("error", () => {});
    s.setEncoding("utf8");
    s.write(`${name} ready\n`);
    let buf = "";
    s.on("data", (d: string) => {
      buf += d;
      for (let i; (i = buf.indexOf("\n")) >= 0; buf = buf.slice(i + 1)) {
        const line = buf.slice(0, i).replace(/\r$/, "");
        s.write(line === "PING" ? "PONG\n" : `${name}: ${line.toUpperCase()}\n`);
      }
    });
    s.on("end", () => s.end());
  });
  return new Promise((resolve, reject) => {
    server.once("error", (e) =>
      reject(new Error(`demo TCP service ${name} cannot listen on 127.0.0.1:${port}: ${e.message}`)),
    );
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}

export interface RelayDemo {
  help: string;
  /** Every port this part opens, "address:port  what" (for npm start's banner). */
  ports: string[];
  stop(): Promise<void>;
}

/** Starts demo services and the relay for `file`; undefined when the document has no l4 listeners. */
export async function startRelayDemo(
  file: string,
  onLog: (line: string) => void = (l) => console.log(`[relay] ${l}`),
): Promise<RelayDemo | undefined> {
  const parsed = parseEdgeConfigText(readFileSync(file, "utf8"));
  const l4 = parsed.ok ? parsed.config.l4 : undefined;
  if (!l4 || l4.listeners.length === 0) return undefined;
  const servers: net.Server[] = [];
  // Only loopback backends get a demo service; anything else is the user's own.
  for (const pool of Object.values(l4.pools))
    for (const b of pool.backends)
      if (b.address === "127.0.0.1") servers.push(await lineService(b.name ?? `${b.address}:${b.port}`, b.port));

  const child = spawn(
    process.execPath,
    ["--max-semi-space-size=1", path.join(ROOT, "src/relay/control/main.ts"), "--config", file],
    { stdio: ["ignore", "pipe", "pipe"] },
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`relay exited with code ${code}`)));
    for (const stream of [child.stdout, child.stderr]) {
      let buf = "";
      stream.setEncoding("utf8");
      stream.on("data", (d: string) => {
        buf += d;
        for (let i; (i = buf.indexOf("\n")) >= 0; buf = buf.slice(i + 1)) {
          const line = buf.slice(0, i);
          if (line.includes('"event":"ready"')) resolve();
          onLog(line);
        }
      });
    }
  });
  await ready;
  const exited = new Promise<void>((r) => (child.exitCode !== null ? r() : child.once("exit", () => r())));

  const tcp = l4.listeners.filter((l) => l.protocol === "tcp");
  const lines = tcp.map((l) => {
    const host = l.address === "0.0.0.0" ? "127.0.0.1" : l.address;
    return (
      `  printf 'hello\\nPING\\n' | nc -q1 ${host} ${l.port}      # listener ${l.name} (pool ${l.pool ?? "by SNI"})\n` +
      `  node -e 's=require("net").connect(${l.port},"${host}");s.pipe(process.stdout);s.end("hello\\n")'   # without nc`
    );
  });
  const admin = l4.admin
    ? `\n  curl -s http://${l4.admin.address}:${l4.admin.port}/metrics | grep relay_   # relay metrics`
    : "";
  const ports = [
    ...l4.listeners.map((l) => `${l.address}:${l.port}  relay listener ${l.name} (${l.protocol})`),
    ...(l4.admin ? [`${l4.admin.address}:${l4.admin.port}  relay admin and /metrics`] : []),
    ...servers.map((s) => {
      const a = s.address() as net.AddressInfo;
      return `${a.address}:${a.port}  demo TCP line service`;
    }),
  ];
  return {
    ports,
    help: `L4 relay (pid ${child.pid}) from the same document's l4 section:\n${lines.join("\n")}${admin}\n  kill -HUP ${child.pid}   # reload the relay (it also reloads when the file changes)`,
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      await Promise.all(servers.map((s) => new Promise<void>((r) => s.close(() => r()))));
    },
  };
}
