import http from "node:http";
import type net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigSource } from "../../src/relay/control/config-source.ts";
import { type RunningWorker, runWorker, withProbe } from "../helpers/edge.ts";
import { closeServer, connect, listen } from "../relay/helpers.ts";
import { type RelayProcess, spawnRelay } from "../relay/process-helpers.ts";

const TOKEN = "e2e-admin-token-abcdefghijklmnop";

/** A TCP backend that says its name and closes: a new connection shows which backend it reached. */
async function namedBackend(name: string): Promise<net.Server & { port: number }> {
  return listen((s) => s.end(name));
}

async function firstWords(port: number): Promise<string> {
  const s = await connect(port);
  let text = "";
  s.setEncoding("utf8");
  s.on("data", (d: string) => (text += d));
  await new Promise((r) => s.once("end", r)); // the helper's sockets allow half-open: wait for the FIN
  s.destroy();
  return text;
}

const edgeDoc = (version: string, backendPort: number) =>
  withProbe({
    version,
    virtualHosts: [
      { name: "all", domains: ["*"], routes: [{ action: { type: "direct", status: 200, body: "routed" } }] },
    ],
    l4: {
      listeners: [{ name: "line", address: "127.0.0.1", port: 0, pool: "line" }],
      pools: { line: { backends: [{ address: "127.0.0.1", port: backendPort }] } },
    },
  });

describe("the relay loads its config from the worker's admin API", () => {
  let worker: RunningWorker;
  let relay: RelayProcess | undefined;
  const backends: (net.Server & { port: number })[] = [];
  let url: string;

  beforeAll(async () => {
    backends.push(await namedBackend("backend-a"), await namedBackend("backend-b"));
    worker = await runWorker({ refreshSeconds: "0", bindings: { ADMIN_TOKEN: TOKEN } });
    url = new URL("/_edge/config", worker.url).href;
  });
  afterAll(async () => {
    if (relay && relay.child.exitCode === null) {
      relay.child.kill("SIGKILL");
      await relay.exited;
    }
    await worker?.dispose();
    await Promise.all(backends.map((b) => closeServer(b)));
  });

  const put = (doc: unknown) =>
    fetch(url, {
      method: "PUT",
      body: JSON.stringify(doc),
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    });

  it("a relay with the wrong token refuses to start and says why", async () => {
    expect((await put(edgeDoc("t1", backends[0]!.port))).status).toBe(200);
    const bad = spawnRelay(["--config", url, "--config-token", "not-the-token-1234567890"]);
    expect(await bad.exited).not.toBe(0);
    expect(bad.stderr()).toContain("HTTP 401");
  });

  it("a PUT through the admin API moves new relay connections to the new backend", async () => {
    relay = spawnRelay(["--config", url, "--config-token", TOKEN, "--poll-ms", "200"]);
    const listening = await relay.waitFor((l) => l.event === "listening" && l.listener === "line");
    await relay.waitFor((l) => l.event === "ready");
    const port = listening.port as number;
    expect(await firstWords(port)).toBe("backend-a");

    expect((await put(edgeDoc("t2", backends[1]!.port))).status).toBe(200);
    await relay.waitFor((l) => l.event === "config_applied" && l.version === "t2");
    expect(await firstWords(port)).toBe("backend-b");
    // Between changes the relay's polls change nothing (the worker answers its If-None-Match with 304).
    await new Promise((r) => setTimeout(r, 1000));
    expect(relay.lines.filter((l) => l.event === "config_applied").map((l) => l.version)).toEqual(["t1", "t2"]);
    expect(relay.stderr()).not.toContain("error");
    const etag = (await fetch(url, { headers: { authorization: `Bearer ${TOKEN}` } })).headers.get("etag")!;
    const again = await fetch(url, { headers: { authorization: `Bearer ${TOKEN}`, "if-none-match": etag } });
    expect(again.status).toBe(304);
  });

  it("the relay sends its token only over https or to loopback", () => {
    expect(() => new ConfigSource("http://edge.example/_edge/config", { token: TOKEN })).toThrow(/plain http/);
    expect(() => new ConfigSource("https://edge.example/_edge/config", { token: TOKEN })).not.toThrow();
    expect(() => new ConfigSource("http://[::1]:8787/_edge/config", { token: TOKEN })).not.toThrow();
    expect(() => new ConfigSource("http://edge.example/_edge/config")).not.toThrow();
  });
});

describe("relay credentials from the environment", () => {
  it("sends RELAY_CONFIG_TOKEN and the Cloudflare Access service-token headers", async () => {
    const seen: http.IncomingHttpHeaders[] = [];
    const server = http.createServer((req, res) => {
      seen.push(req.headers);
      const ok =
        req.headers.authorization === `Bearer ${TOKEN}` &&
        req.headers["cf-access-client-id"] === "id.access" &&
        req.headers["cf-access-client-secret"] === "s3cret";
      res
        .writeHead(ok ? 200 : 403, { "content-type": "application/json" })
        .end(ok ? JSON.stringify(edgeDoc("env-1", 1)) : "{}");
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const vars = {
      RELAY_CONFIG_TOKEN: TOKEN,
      RELAY_CF_ACCESS_CLIENT_ID: "id.access",
      RELAY_CF_ACCESS_CLIENT_SECRET: "s3cret",
    };
    Object.assign(process.env, vars); // spawnRelay inherits the environment; restored at once
    const proc = spawnRelay(["--config", `http://127.0.0.1:${(server.address() as AddressInfo).port}/_edge/config`]);
    for (const k of Object.keys(vars)) delete process.env[k];
    try {
      await proc.waitFor((l) => l.event === "config_applied" && l.version === "env-1");
      expect(seen[0]!.authorization).toBe(`Bearer ${TOKEN}`);
    } finally {
      proc.child.kill("SIGKILL");
      await proc.exited;
      await new Promise((r) => server.close(r));
    }
  });
});

describe("admin API switches", () => {
  it("without ADMIN_TOKEN the prefix is an ordinary path, routed by the table", async () => {
    const worker = await runWorker({ refreshSeconds: "0" });
    try {
      await worker.putTable(edgeDoc("n1", 1));
      const res = await fetch(new URL("/_edge/config", worker.url), { headers: { authorization: `Bearer ${TOKEN}` } });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe("routed");
    } finally {
      await worker.dispose();
    }
  });

  it("a token shorter than 16 characters keeps the API closed (503 ADMIN_TOKEN_TOO_SHORT)", async () => {
    const worker = await runWorker({
      refreshSeconds: "0",
      bindings: { ADMIN_TOKEN: "short", ADMIN_PREFIX: "/ops/edge/" },
    });
    try {
      const res = await fetch(new URL("/ops/edge/config", worker.url), { headers: { authorization: "Bearer short" } });
      expect(res.status).toBe(503);
      expect(((await res.json()) as { error: { code: string } }).error.code).toBe("ADMIN_TOKEN_TOO_SHORT");
    } finally {
      await worker.dispose();
    }
  });
});
