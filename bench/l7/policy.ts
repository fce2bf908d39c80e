/**
 * l7.policy.jwt and l7.policy.ratelimit: the per-request cost of a policy. One raw `workerd serve`
 * runs our bundle with a four-route table, all forwarding to the same fast loopback origin:
 * `/open` (no policy), `/jwt` (HS256 JWT verified on every request, key cached: the secret is
 * imported once per table version), `/jwtcached` (the same with the verified-token cache) and `/limited` (exact Durable Object rate limit, limit never reached, one key per wrk
 * connection). wrk drives each route in interleaved rounds; the judged ratio is workerd CPU time
 * per request of the protected route ÷ the open one (independent of machine load); rps is reported.
 * l7.policy.jwt judges the default policy (token cache on; wrk reuses one token, as a client
 * does until it expires) and reports verification on every request next to it.
 */
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SignJWT } from "jose";
import { TMP } from "../l4/contenders.ts";
import { freePort, HOST, treeCpuMs, waitForPort } from "../lib/net.ts";
import { LOG_DIR, type Started, start } from "../lib/procs.ts";
import { interleave, median, round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge, unmeasured } from "../lib/types.ts";
import { profileRouter } from "./profile-router.ts";
import { writeRouterConfig } from "./workerd-config.ts";
import { startWorkerd, wranglerVars, wrk } from "./workerd-run.ts";

const SECRET = "bench-jwt-secret-0123456789abcdefghijkl";
const CASES = ["open", "jwt", "jwtcached", "limited"] as const;
type Case = (typeof CASES)[number];

function policyDoc(originUrl: string): Record<string, unknown> {
  const fwd = { type: "forward", pool: "main" };
  return {
    version: "bench-policy-1",
    pools: { main: { origins: [{ name: "main", url: originUrl }] } },
    policies: {
      // Verified every request (the judged case), and with the verified-token cache (the default).
      jwt: {
        type: "jwt",
        algorithms: ["HS256"],
        secret: SECRET,
        issuer: "bench",
        audience: "bench",
        tokenCacheSize: 0,
      },
      jwtcached: { type: "jwt", algorithms: ["HS256"], secret: SECRET, issuer: "bench", audience: "bench" },
      limit: {
        type: "rateLimit",
        backend: "durableObject",
        limit: 1_000_000_000,
        windowSeconds: 60,
        key: ["header:x-client"],
      },
    },
    virtualHosts: [
      {
        name: "bench",
        domains: ["*"],
        routes: [
          { name: "jwt", match: { path: { segmentPrefix: "/jwt" } }, policies: ["jwt"], action: fwd },
          { name: "jwtcached", match: { path: { segmentPrefix: "/jwtcached" } }, policies: ["jwtcached"], action: fwd },
          { name: "limited", match: { path: { segmentPrefix: "/limited" } }, policies: ["limit"], action: fwd },
          { name: "open", action: fwd },
        ],
      },
    ],
  };
}

/** Every case sends the same headers (a token and a client id), so only the policy differs. */
function lua(path: string, token: string): string {
  return `local n = 0
setup = function(thread) n = n + 1; thread:set("id", n) end
init = function() client = "c" .. tostring(id) .. "-" .. tostring(math.random(1, 1000000)) end
request = function()
  return wrk.format("GET", ${JSON.stringify(path)}, { ["authorization"] = "Bearer ${token}", ["x-client"] = client })
end
`;
}

export async function policyFigures(
  bundleFile: string,
  keys: readonly string[],
  quick: boolean,
  log: (s: string) => void,
  profile = false,
): Promise<FigureResult[]> {
  const dir = join(TMP, "workerd-policy");
  mkdirSync(dir, { recursive: true });
  const procs: Started[] = [];
  try {
    const originPort = await freePort();
    const origin = start("origin-policy", process.execPath, [
      join(import.meta.dirname, "origin-server.ts"),
      String(originPort),
    ]);
    procs.push(origin);
    await waitForPort(originPort, 10_000, () => origin.child.exitCode === null);
    const docFile = join(dir, "routes.json");
    writeFileSync(docFile, JSON.stringify(policyDoc(`http://${HOST}:${originPort}`)));
    const token = await new SignJWT({ sub: "bench" })
      .setProtectedHeader({ alg: "HS256" })
      .setIssuer("bench")
      .setAudience("bench")
      .setExpirationTime("2h")
      .sign(new TextEncoder().encode(SECRET));
    const scripts = {} as Record<Case, string>;
    for (const c of CASES) writeFileSync((scripts[c] = join(dir, `${c}.lua`)), lua(`/${c}/x`, token));

    const { vars, compatibilityDate } = wranglerVars();
    const port = await freePort();
    const configFor = (p: number) =>
      writeRouterConfig({ dir, port: p, compatibilityDate }, bundleFile, docFile, vars, "router", [
        { binding: "RATE_LIMITS", className: "RateLimitCounter" },
      ]);
    const config = configFor(port);
    // Only this run's lines of the (appended) log file are read.
    const workerdLog = join(LOG_DIR, "workerd-router-policy.log");
    const logStart = existsSync(workerdLog) ? statSync(workerdLog).size : 0;
    const workerd = await startWorkerd("router-policy", config, port, dir, "/open/x");
    procs.push(workerd);
    for (const c of CASES) {
      const res = await fetch(`http://${HOST}:${port}/${c}/x`, {
        headers: { authorization: `Bearer ${token}`, "x-client": "check" },
      });
      if (res.status !== 200) throw new Error(`/${c}/x answered ${res.status}: ${(await res.text()).slice(0, 200)}`);
      await res.arrayBuffer();
    }
    const seconds = quick ? 3 : 5;
    for (const c of CASES) await wrk(port, scripts[c], 2); // JIT warm-up
    const cpu: Record<string, number[]> = { open: [], jwt: [], jwtcached: [], limited: [] };
    let errors = 0;
    const rps = await interleave(CASES, quick ? 2 : 4, async (c) => {
      const before = treeCpuMs(workerd.pid);
      const r = await wrk(port, scripts[c as Case], seconds);
      if (!r) return null;
      const after = treeCpuMs(workerd.pid);
      if (r.requests > 0) cpu[c]!.push(((after.user + after.sys - before.user - before.sys) * 1000) / r.requests);
      errors += r.non2xx;
      return r.rps;
    });
    // A limiter that fails open answers 200 without counting: that would measure the wrong path.
    const failedOpen =
      readFileSync(workerdLog, "utf8").slice(logStart).split('"event":"rate_limiter_failed_open"').length - 1;
    if (failedOpen > 0) throw new Error(`the rate limiter failed open ${failedOpen} times (see bench/tmp/logs)`);
    const med = (xs: number[] | undefined) => round3(median(xs ?? []));
    log(
      `  l7.policy: rps open ${med(rps.open)}, jwt ${med(rps.jwt)}, jwt cached ${med(rps.jwtcached)}, limited ${med(rps.limited)}; CPU ms/1k open ${med(cpu.open)}, jwt ${med(cpu.jwt)}, jwt cached ${med(cpu.jwtcached)}, limited ${med(cpu.limited)}`,
    );
    const figure = (key: string, c: Case): FigureResult => {
      const { unit, target } = FIGURES[key]!;
      const ratio = cpu[c]!.length && cpu.open!.length ? round3(median(cpu[c]!) / median(cpu.open!)) : null;
      return {
        key,
        unit,
        medians: { [c]: med(cpu[c]), open: med(cpu.open) },
        ratio,
        target,
        met: judge(ratio, target),
        samples: { [c]: cpu[c]!, open: cpu.open! },
        cases: {
          rps: { [c]: med(rps[c]), open: med(rps.open) },
          "rps ratio (open / protected)": round3(median(rps.open!) / median(rps[c]!)),
          wrk: `-t1 -c16 -d${seconds}s, one path per case`,
        },
        notes: [
          "raw `workerd serve`, three routes to the same loopback origin; every case sends the same headers",
          ...(errors ? [`${errors} non-2xx responses during the runs`] : []),
        ],
      };
    };
    const out: FigureResult[] = [];
    if (keys.includes("l7.policy.jwt")) {
      // Judged: the policy as shipped (verified-token cache on, a client reusing its token).
      const f = figure("l7.policy.jwt", "jwtcached");
      f.cases!["verifying every request (tokenCacheSize 0)"] = {
        "CPU ms/1k": med(cpu.jwt),
        "ratio to open": round3(median(cpu.jwt!) / median(cpu.open!)),
        rps: med(rps.jwt),
      };
      out.push(f);
    }
    if (keys.includes("l7.policy.ratelimit")) out.push(figure("l7.policy.ratelimit", "limited"));
    // A missed target gets the profile of our worker under that route's load (the limiter's Durable
    // Object runs in the same workerd).
    if (profile) {
      for (const f of out.filter((x) => x.met === false)) {
        await workerd.stop();
        const c: Case = f.key === "l7.policy.jwt" ? "jwtcached" : "limited";
        try {
          f.notes.push(...(await profileRouter(dir, configFor, "/open/x", scripts[c], `${bundleFile}.map`)));
        } catch (e) {
          f.notes.push(`profile failed: ${(e as Error).message.split("\n")[0]}`);
        }
      }
    }
    return out;
  } catch (e) {
    const why = `failed: ${(e as Error).message.split("\n").slice(0, 6).join(" | ")}`;
    return keys.map((k) => unmeasured(k, FIGURES[k]!.unit, FIGURES[k]!.target, why));
  } finally {
    await Promise.all(procs.map((p) => p.stop()));
  }
}
