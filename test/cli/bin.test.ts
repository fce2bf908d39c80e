import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

// The `edge-router` bin: the JS shim, and the bundle `npm run build:cli` makes (same esbuild options).
const tmp = mkdtempSync(join(tmpdir(), "edge-router-bin-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const run = (file: string, args: string[]) =>
  spawnSync(process.execPath, [file, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 60_000,
  });

describe("edge-router bin", () => {
  it("the shim runs the CLI and passes its exit code through", () => {
    const ok = run("bin/edge-router.mjs", ["validate", "examples/routes.json"]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("examples/routes.json: valid");
    expect(run("bin/edge-router.mjs", ["validate", "test/cli/fixtures/invalid.json"]).status).toBe(1);
  });

  it("bundles into one Node 20 ESM file that runs on its own", async () => {
    const outfile = join(tmp, "edge-router.mjs");
    await build({
      entryPoints: ["src/cli/main.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      outfile,
      logLevel: "silent",
    });
    const r = run(outfile, ["diff", "test/cli/fixtures/before.json", "test/cli/fixtures/after.json", "--json"]);
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).changes.length).toBe(9);
  });
});
