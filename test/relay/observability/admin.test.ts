import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { Controller } from "../../../src/relay/control/controller.ts";
import { MemoryLogger } from "../../../src/relay/observability/log.ts";
import { closeServer, connect, deadPort, listen, once, until } from "../helpers.ts";
import { spawnRelay, tempConfig } from "../process-helpers.ts";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Serves a JSON document with an ETag and answers If-None-Match with 304. */
async function docServer(initial: unknown) {
  const state = { doc: JSON.stringify(initial), requests: 0, notModified: 0 };
  const etag = () => `"${Buffer.from(state.doc).length}-${state.doc.length % 997}-${state.doc.split("v").length}"`;
  const server = http.createServer((req, res) => {
    state.requests++;
    if (req.headers["if-none-match"] === etag()) {
      state.notModified++;
      return void res.writeHead(304).end();
    }
    res.writeHead(200, { "content-type": "application/json", etag: etag() }).end(state.doc);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  cleanups.push(() => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/config`, state };
}

const echoDoc = (version: string, ports: number[], adminPort: number) => ({
  version,
  l4: {
    admin: { address: "127.0.0.1", port: adminPort },
    listeners: [{ name: "t", address: "127.0.0.1", port: 0, pool: "p" }],
    pools: { p: { balance: "first", backends: ports.map((port) => ({ address: "127.0.0.1", port })) } },
  },
});

describe("admin port and config from a URL", () => {
  it("serves /metrics and /healthz, and follows a URL config with ETag polling", async () => {
    const echo = await listen((s) => s.pipe(s));
    cleanups.push(() => closeServer(echo));
    const dead = await deadPort();
    const adminPort = await deadPort();
    const src = await docServer(echoDoc("v1", [dead, echo.port], adminPort));
    const log = new MemoryLogger();
    const controller = new Controller({ config: src.url, pollMs: 100, log });
    cleanups.push(() => controller.stop("test"));
    await controller.start();
    const port = log.entries.find((e) => e.event === "listening")!.fields.port as number;
    const c = await connect(port);
    c.write("ping");
    expect(String(await once(c, "data"))).toBe("ping");
    c.end();
    await once(c, "end");
    await until(() => log.entries.some((e) => e.event === "close" && e.fields.backend === `127.0.0.1:${echo.port}`));

    const admin = `http://127.0.0.1:${adminPort}`;
    const res = await fetch(`${admin}/metrics`);
    expect(res.headers.get("content-type")).toContain("text/plain");
    const text = await res.text();
    expect(text).toContain("# TYPE relay_connections_total counter");
    expect(text).toContain('relay_connections_total{listener="t"} 1');
    expect(text).toContain('relay_connections_active{listener="t"} 0');
    expect(text).toContain('relay_bytes_received_total{listener="t"} 4');
    expect(text).toContain('relay_bytes_sent_total{listener="t"} 4');
    expect(text).toContain('relay_connect_retries_total{listener="t"} 1');
    expect(text).toContain(`relay_backend_connect_failures_total{pool="p",backend="127.0.0.1:${dead}"} 1`);
    expect(text).toContain(`relay_backend_up{pool="p",backend="127.0.0.1:${dead}"} 0`);
    expect(text).toContain(`relay_backend_up{pool="p",backend="127.0.0.1:${echo.port}"} 1`);
    expect(text).toContain('relay_connections_closed_total{listener="t",reason="client_fin"} 1');
    expect(text).toContain("relay_workers 1");
    expect((await fetch(`${admin}/healthz`)).status).toBe(200);
    expect((await fetch(`${admin}/other`)).status).toBe(404);

    // Unchanged document: polls get 304s and nothing is re-applied.
    await until(() => src.state.notModified >= 2, 10_000, "304 polls");
    expect(log.entries.filter((e) => e.event === "config_applied").length).toBe(1);
    // Changed document: applied on the next poll.
    src.state.doc = JSON.stringify(echoDoc("v2", [echo.port], adminPort));
    await until(
      () => log.entries.some((e) => e.event === "config_applied" && e.fields.version === "v2"),
      10_000,
      "v2 applied",
    );
  });

  it("cluster mode: workers share a SO_REUSEPORT listener and the primary merges their metrics", async () => {
    const echo = await listen((s) => s.pipe(s));
    cleanups.push(() => closeServer(echo));
    const port = await deadPort();
    const adminPort = await deadPort();
    const file = tempConfig({
      version: "c1",
      l4: {
        workers: 2,
        admin: { address: "127.0.0.1", port: adminPort },
        listeners: [{ name: "t", address: "127.0.0.1", port, pool: "p" }],
        pools: { p: { backends: [{ address: "127.0.0.1", port: echo.port }] } },
      },
    });
    const proc = spawnRelay(["--config", file]);
    cleanups.push(async () => {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      await proc.exited;
    });
    await proc.waitFor((l) => l.event === "ready");
    for (let i = 0; i < 24; i++) {
      const c = await connect(port);
      c.write(`m${i}`);
      expect(String(await once(c, "data"))).toBe(`m${i}`);
      c.end();
      await once(c, "end");
      c.destroy();
    }
    await proc.waitFor(() => proc.lines.filter((l) => l.event === "close").length === 24);
    const pids = new Set(proc.lines.filter((l) => l.event === "close").map((l) => l.pid));
    expect(pids.size).toBe(2);
    expect(pids.has(proc.child.pid)).toBe(false);
    const text = await (await fetch(`http://127.0.0.1:${adminPort}/metrics`)).text();
    expect(text).toContain('relay_connections_total{listener="t"} 24');
    expect(text).toContain("relay_workers 2");
    expect(text).toContain(`relay_backend_up{pool="p",backend="127.0.0.1:${echo.port}"} 1`);
    proc.child.kill("SIGTERM");
    expect(await proc.exited).toBe(0);
  });
});
