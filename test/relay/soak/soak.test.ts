import { describe, expect, it } from "vitest";
import { check, QUICK, runRelaySoak } from "./soak.ts";

describe("relay soak (short version of `npm run soak`)", () => {
  it(`holds ${QUICK.connections} connections, verifies every stream, reloads under load, returns fds and heap to baseline, drains on SIGTERM`, async () => {
    const lines: string[] = [];
    const f = await runRelaySoak({ ...QUICK, log: (l) => lines.push(l) });
    expect(check(f, QUICK), lines.join("\n")).toEqual([]);
    expect(f.streamsOk).toBe(QUICK.connections * QUICK.rounds);
    expect(f.after.fds).toBe(f.baseline.fds);
    expect(f.drain).toMatchObject({ ok: QUICK.drainConnections, refusedAfterSigterm: true, exitCode: 0 });
  }, 60_000);
});
