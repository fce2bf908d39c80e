/**
 * The production files: deploy/edge-relay.service passes `systemd-analyze verify` (when the tool
 * exists), and the Dockerfile's healthcheck command answers by the relay admin's /healthz: 0 while
 * serving, 1 once SIGTERM starts the drain.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { closeServer, connect, listen, once } from "../helpers.ts";
import { spawnRelay, tempConfig } from "../process-helpers.ts";

const ROOT = path.resolve(import.meta.dirname, "../../..");
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const hasSystemdAnalyze = spawnSync("systemd-analyze", ["--version"]).status === 0;
if (!hasSystemdAnalyze) console.log("deploy.test.ts: systemd-analyze not found, the unit check is skipped");

describe("deploy/edge-relay.service", () => {
  const unit = readFileSync(path.join(ROOT, "deploy/edge-relay.service"), "utf8");

  it.skipIf(!hasSystemdAnalyze)("passes systemd-analyze verify", () => {
    const r = spawnSync("systemd-analyze", ["verify", path.join(ROOT, "deploy/edge-relay.service")], {
      encoding: "utf8",
    });
    expect(r.stderr + r.stdout).toBe("");
    expect(r.status).toBe(0);
  });

  it("reloads with SIGHUP, raises the file limit and is hardened", () => {
    for (const line of [
      "ExecReload=/bin/kill -HUP $MAINPID",
      "KillSignal=SIGTERM",
      "LimitNOFILE=",
      "NoNewPrivileges=yes",
      "ProtectSystem=strict",
      "PrivateTmp=yes",
      "DynamicUser=yes",
    ])
      expect(unit).toContain(line);
    expect(unit).toMatch(/^Type=(simple|notify)$/m);
  });
});

describe("Dockerfile", () => {
  const dockerfile = readFileSync(path.join(ROOT, "Dockerfile"), "utf8");

  it("runs node in exec form as a non-root user", () => {
    expect(dockerfile).toMatch(/^ENTRYPOINT \["node", "\/app\/edge-relay.mjs"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^FROM node:2\d-alpine$/m);
  });

  it("builds with the flags of npm run build", () => {
    const script = readFileSync(path.join(ROOT, "scripts/build-relay.ts"), "utf8");
    expect(script).toContain('target: "node20"');
    expect(dockerfile).toContain("--target=node20");
    expect(dockerfile).toContain(
      `esbuild@${JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).devDependencies.esbuild}`,
    );
  });

  it("has a healthcheck that follows the relay admin's /healthz, failing once the drain starts", async () => {
    const m = /^HEALTHCHECK .*\n\s+CMD (\[.*\])$/m.exec(dockerfile);
    expect(m).not.toBeNull();
    const [cmd, ...args] = JSON.parse(m![1]!) as string[];
    expect(cmd).toBe("node");
    const backend = await listen((s) => s.pipe(s));
    cleanups.push(() => closeServer(backend));
    const file = tempConfig({
      version: "v1",
      l4: {
        admin: { address: "127.0.0.1", port: 0 },
        drainTimeoutMs: 20_000,
        listeners: [{ name: "echo", address: "127.0.0.1", port: 0, pool: "p" }],
        pools: { p: { backends: [{ address: "127.0.0.1", port: backend.port }] } },
      },
    });
    const proc = spawnRelay(["--config", file]);
    cleanups.push(async () => {
      if (proc.child.exitCode === null) proc.child.kill("SIGKILL");
      await proc.exited;
    });
    const admin = await proc.waitFor((l) => l.event === "admin_listening");
    const l = await proc.waitFor((x) => x.event === "listening" && x.listener === "echo");
    await proc.waitFor((x) => x.event === "ready");
    const check = () =>
      spawnSync(process.execPath, args, { env: { ...process.env, RELAY_ADMIN_PORT: String(admin.port) } }).status;
    expect(check()).toBe(0);
    // An open connection keeps the relay draining after SIGTERM: the healthcheck must fail then.
    const c = await connect(l.port as number);
    c.write("x");
    await once(c, "data");
    proc.child.kill("SIGTERM");
    await proc.waitFor((x) => x.event === "draining");
    expect(check()).toBe(1);
    c.end();
    expect(await proc.exited).toBe(0);
  });
});
