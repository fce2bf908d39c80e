import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const tmp = mkdtempSync(join(tmpdir(), "edge-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const env = { ...process.env, WRANGLER_SEND_METRICS: "false" };
const run = (script: string, args: string[]) =>
  spawnSync(process.execPath, [script, ...args], { encoding: "utf8", env, timeout: 60_000 });
const wrangler = join(dirname(createRequire(import.meta.url).resolve("wrangler/package.json")), "bin", "wrangler.js");

const bad = join(tmp, "bad.json");
writeFileSync(
  bad,
  JSON.stringify({
    version: "x",
    pools: { p: { origins: [{ name: "a", url: "ftp://nope" }] } },
    virtualHosts: [{ name: "v", domains: ["*"], routes: [{ action: { type: "forward", pool: "missing" } }] }],
  }),
);

describe("npm run validate", () => {
  it("accepts examples/routes.json", () => {
    const r = run("src/cli/validate.ts", ["examples/routes.json"]);
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/valid, version "/);
  });

  it("prints every issue with its JSON path and exits 1", () => {
    const r = run("src/cli/validate.ts", [bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("$.pools.p.origins[0].url:");
    expect(r.stderr).toContain("$.virtualHosts[0].routes[0].action.pool:");
  });

  it("reports unreadable files and JSON syntax errors", () => {
    const broken = join(tmp, "broken.json");
    writeFileSync(broken, "{ nope");
    const r = run("src/cli/validate.ts", [broken, join(tmp, "absent.json")]);
    expect(r.status).toBe(3); // edge-router exit codes: 3 = a file could not be read (1 = invalid)
    expect(r.stderr).toContain("$: invalid JSON");
    expect(r.stderr).toContain("cannot read");
  });

  it("--json: one result per file for scripts (file, valid, version / problems with JSON path, line and column)", () => {
    const r = run("src/cli/validate.ts", ["--json", "examples/routes.json", bad]);
    expect(r.status).toBe(1);
    const [ok, failed] = JSON.parse(r.stdout) as Array<{
      file: string;
      valid: boolean;
      version?: string;
      problems: Array<{ path: string; line?: number }>;
    }>;
    expect(ok).toMatchObject({ file: "examples/routes.json", valid: true, problems: [] });
    expect(typeof ok!.version).toBe("string");
    expect(failed).toMatchObject({ file: bad, valid: false });
    expect(failed!.problems.map((i) => i.path)).toContain("$.virtualHosts[0].routes[0].action.pool");
    expect(failed!.problems.every((i) => typeof i.line === "number")).toBe(true);
  });
});

describe("npm run routes:put", () => {
  it("refuses an invalid document and writes nothing", () => {
    const r = run("src/cli/routes-put.ts", [bad, "--local", "--persist-to", join(tmp, "kv-bad")]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("refusing to write");
  });

  it("writes a valid document to local KV under ROUTES_KEY with wrangler", () => {
    const persist = join(tmp, "kv");
    const put = run("src/cli/routes-put.ts", ["examples/routes.json", "--local", "--persist-to", persist]);
    expect(put.status, put.stderr).toBe(0);
    const get = run(wrangler, [
      "kv",
      "key",
      "get",
      "--binding",
      "ROUTES",
      "routes",
      "--local",
      "--persist-to",
      persist,
    ]);
    expect(get.status, get.stderr).toBe(0);
    const { version } = JSON.parse(readFileSync("examples/routes.json", "utf8")) as { version: string };
    expect(JSON.parse(get.stdout).version).toBe(version);
  });
});
