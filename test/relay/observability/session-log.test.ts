import { describe, expect, it, vi } from "vitest";
import { JsonLogger, MemoryLogger } from "../../../src/relay/observability/log.ts";
import { logClose } from "../../../src/relay/observability/session-log.ts";
import type { Relayed } from "../../../src/relay/tcp/relayed.ts";
import type { L4Listener } from "../../../src/schema/l4.ts";

/** The close line written directly as JSON must carry exactly the fields of the object form. */
function session(over: Partial<Record<string, unknown>> = {}): Relayed {
  return {
    clientAddress: "::ffff:127.0.0.1:50123",
    clientIp: "::ffff:127.0.0.1",
    bytesFromClient: 17,
    bytesToClient: 4096,
    pool: { name: "pool-a" },
    target: { id: "b1" },
    retries: 1,
    requestId: "5eed-1",
    startedAt: Date.now() - 5,
    origin: undefined,
    serverName: undefined,
    ...over,
  } as unknown as Relayed;
}

async function both(cfg: Partial<L4Listener>, s: Relayed, reason: string) {
  const lines: string[] = [];
  const json = new JsonLogger(
    { pid: 7 },
    (l) => lines.push(l),
    (l) => lines.push(l),
  );
  const mem = new MemoryLogger();
  logClose(json, cfg as L4Listener, s, reason);
  logClose(mem, cfg as L4Listener, s, reason);
  await vi.waitFor(() => expect(lines.length).toBeGreaterThan(0), { timeout: 5000 }); // info lines are batched
  const text = lines.join("");
  const first = JSON.parse(text.split("\n")[0]!);
  const { time, level, event, pid, durationMs, ...fields } = first;
  const { durationMs: memDuration, ...memFields } = mem.entries[0]!.fields as Record<string, unknown>;
  return { time, level, event, pid, durationMs, fields, memDuration, memFields };
}

describe("close log line", () => {
  it("has the object form's fields, in a parseable line", async () => {
    const r = await both({ name: "bench", logConnections: "close" }, session(), "client_fin");
    expect(r).toMatchObject({ level: "info", event: "close", pid: 7 });
    expect(typeof r.time).toBe("string");
    expect(r.fields).toEqual(r.memFields);
    expect(r.fields).toEqual({
      requestId: "5eed-1",
      listener: "bench",
      client: "::ffff:127.0.0.1:50123",
      pool: "pool-a",
      backend: "b1",
      retries: 1,
      bytesFromClient: 17,
      bytesToClient: 4096,
      reason: "client_fin",
    });
    expect(r.durationMs).toBeGreaterThanOrEqual(0);
  });

  it("uses the field names the worker uses for the same facts (requestId, pool, durationMs)", async () => {
    const r = await both({ name: "bench", logConnections: "close" }, session(), "client_fin");
    expect(Object.keys(r.fields)).toEqual(expect.arrayContaining(["requestId", "pool"]));
    expect(r.fields).not.toHaveProperty("origin"); // the worker's `origin` is the upstream; the relay calls it `backend`
    expect(typeof r.durationMs).toBe("number");
  });

  it("escapes names, SNI and the proxied client address that are not plain", async () => {
    const s = session({
      serverName: 'a"b\\c\u0001.test',
      origin: { sourceAddress: "192.0.2.1", sourcePort: 4444 },
      pool: { name: 'p "q"' },
      target: { id: "back\nend" },
    });
    const r = await both({ name: 'lis"ten', logConnections: "close" }, s, "client_error:ECONNRESET");
    expect(r.fields).toEqual(r.memFields);
    expect(r.fields).toMatchObject({
      listener: 'lis"ten',
      sni: 'a"b\\c\u0001.test',
      proxiedClient: "192.0.2.1:4444",
      pool: 'p "q"',
      backend: "back\nend",
      reason: "client_error:ECONNRESET",
    });
  });
});
