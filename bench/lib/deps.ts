/**
 * The tools we compare against come from Debian's packages. When one is missing the bench stops
 * with the apt-get command to run; with `--install` it installs them itself (updating the package
 * lists first if the install fails) and says so.
 */
import { execFileSync } from "node:child_process";

const TOOLS: Record<string, string> = {
  haproxy: "haproxy",
  iperf3: "iperf3",
  "redis-server": "redis-server",
  "redis-benchmark": "redis-tools",
  wrk: "wrk",
};

export function has(cmd: string): boolean {
  try {
    execFileSync("sh", ["-c", `command -v ${cmd}`], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

function apt(args: string[]): boolean {
  try {
    execFileSync("apt-get", args, {
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" },
      timeout: 240_000,
    });
    return true;
  } catch {
    return false;
  }
}

/** The Debian packages that provide `cmds`. */
export function packagesFor(cmds: readonly string[]): string[] {
  return [...new Set(cmds.map((c) => TOOLS[c] ?? c))];
}

/** The error a run without --install stops with: what is missing and the command that installs it. */
export function missingToolsMessage(missing: readonly string[]): string {
  return `missing ${missing.join(", ")}: install with \`sudo apt-get install ${packagesFor(missing).join(" ")}\` or run \`npm run bench -- --install\``;
}

/** Ensures the commands exist; returns the ones still missing afterwards. */
export function ensureTools(cmds: readonly string[], log: (s: string) => void): string[] {
  const missing = cmds.filter((c) => !has(c));
  if (missing.length === 0) return [];
  const pkgs = packagesFor(missing);
  log(`installing missing Debian packages: ${pkgs.join(" ")} (apt-get install -y)`);
  if (!apt(["install", "-y", "-qq", ...pkgs])) {
    log("apt-get install failed; running apt-get update and retrying");
    apt(["update", "-qq"]);
    apt(["install", "-y", "-qq", ...pkgs]);
  }
  return cmds.filter((c) => !has(c));
}

export function toolVersion(cmd: string, args: string[]): string {
  try {
    return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })
      .split("\n")[0]!
      .trim();
  } catch {
    return "unknown";
  }
}
