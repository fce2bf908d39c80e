import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

/**
 * The route timeout bounds only the wait for the origin's response headers (fetchOrigin uses
 * AbortSignal.timeout, which workerd consults until the headers arrive). A body that keeps
 * flowing for longer than the timeout must reach the client whole.
 */
let edge: Edge;
let origin: Server;

beforeAll(async () => {
  // Headers at once, then ten chunks 120 ms apart: the body takes ~1.2 s, the route allows 300 ms.
  origin = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/plain" });
    let i = 0;
    const tick = () => {
      if (i === 10) return void res.end("end\n");
      res.write(`chunk ${i++}\n`);
      setTimeout(tick, 120);
    };
    tick();
  });
  await new Promise<void>((r) => origin.listen(0, "127.0.0.1", r));
  edge = await startEdge([]);
  await edge.load({
    version: "timeout-scope-1",
    pools: { drip: { origins: [{ name: "drip", url: `http://127.0.0.1:${(origin.address() as AddressInfo).port}` }] } },
    virtualHosts: [
      { name: "all", domains: ["*"], routes: [{ action: { type: "forward", pool: "drip", timeoutMs: 300 } }] },
    ],
  });
});
afterAll(async () => {
  await edge?.close();
  origin?.closeAllConnections();
  origin?.close();
});

describe("route timeout scope", () => {
  it("a body streaming longer than the route timeout arrives complete", async () => {
    const res = await rawRequest(edge.base, "/drip", { timeoutMs: 20_000 });
    expect(res.status).toBe(200);
    const expected = `${Array.from({ length: 10 }, (_, i) => `chunk ${i}\n`).join("")}end\n`;
    expect(res.text()).toBe(expected);
  });
});
