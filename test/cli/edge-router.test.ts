import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";

// `edge-router` (src/cli/main.ts) against the fixture tables in test/cli/fixtures.
const F = "test/cli/fixtures";
const tmp = mkdtempSync(join(tmpdir(), "edge-router-cli-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function cli(args: string[], env: Record<string, string | undefined> = {}) {
  const r = spawnSync(process.execPath, ["src/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", WRANGLER_SEND_METRICS: "false", ...env },
    timeout: 120_000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
const json = (args: string[]) => {
  const r = cli([...args, "--json"]);
  return { ...r, body: JSON.parse(r.stdout) };
};

describe("edge-router validate", () => {
  it("accepts valid files (exit 0) and reports every problem with line:column, path and hint (exit 1)", () => {
    expect(cli(["validate", "examples/routes.json", `${F}/before.json`]).code).toBe(0);
    const r = cli(["validate", `${F}/invalid.json`]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `${F}/invalid.json:4:73 $.pools.web.balanse: unknown key "balanse" (did you mean "balance"?)`,
    );
    expect(r.stderr).toContain(
      `:10:41 $.virtualHosts[0].routes[0].match.path.prefx: unknown key "prefx" (did you mean "prefix"?)`,
    );
    expect(r.stderr).toContain(
      `:10:91 $.virtualHosts[0].routes[0].action.pool: pool "wbe" is not defined (did you mean "web"?)`,
    );
    expect(r.stderr).toContain("(4 problems)");
  });

  it("--json lists each file's problems; a syntax error has its position; unreadable is exit 3", () => {
    const broken = join(tmp, "broken.json");
    writeFileSync(broken, '{\n  "version": "x",\n  "pools": {,}\n}\n');
    const r = json(["validate", `${F}/invalid.json`, broken]);
    expect(r.code).toBe(1);
    expect(r.body[0].problems).toContainEqual({
      path: "$.pools.web.balanse",
      line: 4,
      column: 73,
      message: 'unknown key "balanse"',
      hint: 'did you mean "balance"?',
    });
    expect(r.body[1].problems[0]).toMatchObject({ path: "$", line: 3, column: 13 });
    expect(cli(["validate", join(tmp, "missing.json")]).code).toBe(3);
  });

  it("usage: --help answers 0, a missing argument or unknown option 2", () => {
    for (const cmd of ["validate", "explain", "diff", "what-if", "push", "pull", "versions", "rollback"]) {
      const h = cli([cmd, "--help"]);
      expect(h.code, cmd).toBe(0);
      expect(h.stdout).toContain(`edge-router ${cmd}`);
    }
    expect(cli(["validate"]).code).toBe(2);
    expect(cli(["validate", "--nope", "x.json"]).code).toBe(2);
    expect(cli(["frobnicate"]).code).toBe(2);
  });
});

describe("edge-router explain", () => {
  it("names the route and each earlier candidate's first failing condition", () => {
    const r = json([
      "explain",
      `${F}/before.json`,
      "GET",
      "https://shop.example/api/x?q=1",
      "-H",
      "x-canary: 0",
      "--ip",
      "203.0.113.9",
    ]);
    expect(r.code).toBe(0);
    const e = r.body;
    expect(e.virtualHost).toEqual({ name: "shop", path: "$.virtualHosts[0]", domain: "shop.example" });
    expect(e.candidates.map((c: { route: string }) => c.route)).toEqual(["canary", "old", "api"]);
    expect(e.candidates[0].failed).toEqual({
      condition: "header",
      path: "$.virtualHosts[0].routes[0].match.headers[0]",
      expected: { name: "x-canary", exact: "1", ignoreCase: false, invert: false },
      actual: "0",
    });
    expect(e.candidates[1].failed).toMatchObject({ condition: "path", actual: "/api/x" });
    expect(e.route.name).toBe("api");
    expect(e.pools[0]).toMatchObject({
      pool: "api",
      origins: [{ name: "a1", url: "http://127.0.0.1:9103", weight: 1 }],
    });
    expect(e.originRequest.url).toBe("http://127.0.0.1:9103/api/x?q=1");
    expect(e.originRequest.headers["x-forwarded-for"]).toBe("203.0.113.9");
    expect(e.originRequest.headers["x-canary"]).toBe("0");
  });

  it("prints plain text without a TTY (no escape codes) and says when nothing matches", () => {
    const r = cli(["explain", `${F}/before.json`, "GET", "https://other.example/"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('NO_ROUTE: no virtual host serves "other.example"');
    expect(r.stdout).not.toContain("\x1b[");
    const coloured = cli(["explain", `${F}/before.json`, "GET", "https://shop.example/old/x"], {
      NO_COLOR: undefined,
      FORCE_COLOR: "1",
    });
    expect(coloured.stdout).toContain("\x1b[");
  });
});

describe("edge-router diff", () => {
  it("reports added, removed, changed and moved with JSON paths", () => {
    const r = json(["diff", `${F}/before.json`, `${F}/after.json`]);
    expect(r.code).toBe(0);
    const kinds = r.body.changes.map((c: { kind: string; path: string }) => `${c.kind} ${c.path}`);
    expect(kinds.sort()).toEqual(
      [
        "changed $.version",
        "removed $.virtualHosts[0].routes[0]",
        "added $.virtualHosts[0].routes[0]",
        "changed $.virtualHosts[0].routes[1]",
        "moved $.virtualHosts[0].routes[2]",
        "moved $.virtualHosts[0].routes[3]",
        "removed $.pools.canary",
        "changed $.pools.web",
        'added $.pools["api-v2"]',
      ].sort(),
    );
    expect(cli(["diff", `${F}/before.json`, `${F}/after.json`, "--exit-code"]).code).toBe(1);
    expect(cli(["diff", `${F}/before.json`, `${F}/before.json`, "--exit-code"]).code).toBe(0);
  });
});

describe("edge-router what-if", () => {
  it("groups the requests of an NDJSON + access-log sample that change route, pool or outcome", () => {
    const r = json(["what-if", `${F}/before.json`, `${F}/after.json`, "--traffic", `${F}/traffic.ndjson`]);
    expect(r.code).toBe(0);
    expect(r.body).toMatchObject({ total: 12, unchanged: 5, changed: 7, skipped: 1 });
    const groups = r.body.groups.map(
      (g: { from: { route: string }; to: { route: string }; count: number; changes: string[] }) => [
        g.from.route,
        g.to.route,
        g.count,
        g.changes.join(","),
      ],
    );
    expect(groups).toEqual([
      ["shop/api", "shop/api-v2", 4, "route,pool"],
      ["shop/canary", "shop/web", 2, "route,pool"],
      ["shop/old", "shop/old", 1, "outcome"],
    ]);
    expect(r.body.groups[2].from.outcome).toBe("direct 410");
    expect(r.body.groups[2].to.outcome).toBe("redirect 301 /new");
    // The access-log line (host + path) moved with the others.
    expect(r.body.groups[0].examples).toHaveLength(3);
    expect(
      cli(["what-if", `${F}/before.json`, `${F}/after.json`, "--traffic", `${F}/traffic.ndjson`, "--exit-code"]).code,
    ).toBe(1);
  });

  it("reads HAR files", () => {
    const r = json(["what-if", `${F}/before.json`, `${F}/after.json`, "--traffic", `${F}/traffic.har`]);
    expect(r.body).toMatchObject({ total: 3, unchanged: 1, changed: 2 });
  });

  it("needs --traffic (exit 2)", () => {
    expect(cli(["what-if", `${F}/before.json`, `${F}/after.json`]).code).toBe(2);
  });
});

describe("edge-router push/pull/versions/rollback --wrangler", () => {
  it("keeps the versioned KV layout in wrangler's local KV", () => {
    const kv = ["--wrangler", "--persist-to", join(tmp, "kv")];
    const p1 = json(["push", `${F}/before.json`, ...kv, "--author", "ana", "-m", "first"]);
    expect(p1.code, p1.stderr).toBe(0);
    expect(p1.body).toMatchObject({ id: "v000001", version: "before-1", changed: true });
    expect(json(["push", `${F}/after.json`, ...kv]).body.id).toBe("v000002");
    const l = json(["versions", ...kv]).body;
    expect(l.active).toBe("v000002");
    expect(l.versions.map((v: { id: string }) => v.id)).toEqual(["v000002", "v000001"]);
    expect(l.versions[1]).toMatchObject({ author: "ana", comment: "first", version: "before-1" });
    expect(cli(["rollback", "v000001", ...kv]).code).toBe(0);
    expect(cli(["pull", ...kv]).stdout).toBe(readFileSync(`${F}/before.json`, "utf8"));
    expect(cli(["rollback", "v000042", ...kv]).code).toBe(4);
  }, 180_000);

  it("refuses an invalid document before touching any target, and needs the token for admin targets", () => {
    const bad = cli(["push", `${F}/invalid.json`, "--remote", "http://127.0.0.1:9/_edge"], {
      EDGE_ADMIN_TOKEN: "x".repeat(20),
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("did you mean");
    const noToken = cli(["push", `${F}/before.json`, "--remote", "http://127.0.0.1:9/_edge"], { EDGE_ADMIN_TOKEN: "" });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain("EDGE_ADMIN_TOKEN");
    const down = cli(["versions", "--remote", "http://127.0.0.1:9/_edge"], { EDGE_ADMIN_TOKEN: "x".repeat(20) });
    expect(down.code).toBe(3);
  });
});
