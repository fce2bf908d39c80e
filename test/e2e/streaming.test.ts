import { createHash } from "node:crypto";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, payload, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

const MiB = 1024 * 1024;
let edge: Edge;

beforeAll(async () => {
  edge = await startEdge(["big", "evil"]);
  await edge.load({
    version: "stream-1",
    pools: { big: { origins: [{ name: "big", url: edge.origins.big!.url }] } },
    virtualHosts: [{ name: "all", domains: ["*"], routes: [{ action: { type: "forward", pool: "big" } }] }],
  });
});
afterAll(() => edge?.close());

const sha256 = (b: Buffer) => createHash("sha256").update(b).digest("hex");

describe("bodies stream both ways", () => {
  it("uploads 12 MiB chunked (no Content-Length) and the origin sees every byte", async () => {
    const data = payload(12 * MiB, 7);
    const chunks = function* () {
      for (let off = 0; off < data.length; off += 256 * 1024) yield data.subarray(off, off + 256 * 1024);
    };
    const res = await rawRequest(edge.base, "/upload", {
      method: "POST",
      headers: { "content-type": "application/octet-stream" },
      body: Readable.from(chunks()),
      timeoutMs: 60_000,
    });
    expect(res.status).toBe(200);
    const echo = res.json();
    expect(echo.origin).toBe("big");
    expect(echo.bodyBytes).toBe(data.length);
    expect(echo.bodySha256).toBe(sha256(data));
    expect(echo.headers["transfer-encoding"] ?? echo.headers["content-length"]).toBeDefined();
  });

  it("uploads 5 MiB with Content-Length intact", async () => {
    const data = payload(5 * MiB, 11);
    const res = await rawRequest(edge.base, "/upload", { method: "PUT", body: data, timeoutMs: 60_000 });
    expect(res.json().bodySha256).toBe(sha256(data));
  });

  it("downloads 16 MiB byte-identical with the origin's Content-Length", async () => {
    const n = 16 * MiB;
    const res = await rawRequest(edge.base, `/download?bytes=${n}`, { timeoutMs: 60_000 });
    expect(res.status).toBe(200);
    expect(res.body.length).toBe(n);
    expect(sha256(res.body)).toBe(sha256(payload(n)));
    expect(res.headers["x-origin"]).toBe("big");
    expect(res.headers["content-length"]).toBe(String(n));
  });
});

describe("compressed responses pass through untouched", () => {
  it("keeps Content-Encoding: gzip and the exact compressed bytes", async () => {
    const res = await rawRequest(edge.base, "/data?gzip=1", { headers: { "accept-encoding": "gzip" } });
    expect(res.status).toBe(200);
    expect(res.headers["content-encoding"]).toBe("gzip");
    expect(res.body.subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    expect(sha256(res.body)).toBe(res.headers["x-gzip-sha256"]);
  });
});

describe("WebSocket upgrades pass through", () => {
  it("echoes text both ways through the router and only the table's origin sees the upgrade", async () => {
    const before = edge.origins.big!.requests;
    const ws = new WebSocket(`${edge.base.replace("http", "ws")}/chat?room=1`);
    await new Promise<void>((resolve, reject) => {
      ws.addEventListener("open", () => resolve());
      ws.addEventListener("error", () => reject(new Error("websocket failed to open")));
    });
    const received: string[] = [];
    const got = new Promise<void>((resolve) =>
      ws.addEventListener("message", (e) => {
        received.push(String(e.data));
        if (received.length === 2) resolve();
      }),
    );
    ws.send("hello");
    ws.send("world");
    await got;
    ws.close();
    expect(received).toEqual(["big: hello", "big: world"]);
    expect(edge.origins.big!.requests).toBe(before + 1);
    expect(edge.origins.evil!.requests).toBe(0);
  });
});
