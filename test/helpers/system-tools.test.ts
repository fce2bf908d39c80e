import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { findOnPath, missingTools, toolDecision } from "./system-tools.ts";

const dir = mkdtempSync(join(tmpdir(), "tools-"));
const fake = join(dir, "haproxy");
writeFileSync(fake, "#!/bin/sh\n");
chmodSync(fake, 0o755);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("system tools a suite needs", () => {
  it("finds an executable on PATH and reports the missing ones", () => {
    expect(findOnPath("haproxy", dir)).toBe(fake);
    expect(missingTools(["haproxy", "redis-server", "redis-cli"], dir)).toEqual(["redis-server", "redis-cli"]);
  });

  it("skips locally with one line naming the Debian packages", () => {
    const d = toolDecision(["redis-server", "redis-cli"], { PATH: dir });
    expect(d).toEqual({
      run: false,
      line: "needs redis-server, redis-cli (sudo apt-get install redis-server redis-tools)",
    });
    expect(toolDecision(["haproxy"], { PATH: dir })).toEqual({ run: true });
  });

  it("fails under CI=true instead of skipping", () => {
    expect(() => toolDecision(["wrk"], { PATH: dir, CI: "true" })).toThrow(
      /CI=true: this suite needs wrk \(sudo apt-get install wrk\)/,
    );
  });
});
