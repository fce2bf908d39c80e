import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ERRORS } from "../../src/core/errors/registry.ts";

const SRC = join(import.meta.dirname, "..", "..", "src");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith(".ts") ? [p] : [];
  });
}

describe("one error contract", () => {
  it("no ad-hoc coded errors: every coded error is a class (Object.assign(new Error(), { code }) is gone)", () => {
    const offenders = sources(SRC).filter((f) => /Object\.assign\(\s*new \w*Error\(/.test(readFileSync(f, "utf8")));
    expect(offenders).toEqual([]);
  });

  it("every relay error code is in the registry (namespace relay)", () => {
    const text = readFileSync(join(SRC, "relay", "errors.ts"), "utf8");
    const codes = [...text.matchAll(/"(ERR_RELAY_[A-Z_]+)"/g)].map((m) => m[1]!);
    expect(codes.length).toBeGreaterThan(4);
    for (const code of codes) expect(ERRORS[code as keyof typeof ERRORS]?.namespace, code).toBe("relay");
  });
});
