/**
 * Suites that drive a system program (haproxy, redis-server...) declare it at the top:
 *
 *   const describe = describeWithTools("haproxy");
 *
 * Missing on a developer's machine: the suite is skipped with one line naming the Debian package
 * to install. Under CI=true (.ci/run installs them) a missing tool fails the file instead, so CI
 * never goes green by skipping.
 */
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";
import { describe } from "vitest";

/** Program → Debian package that provides it. */
export const TOOL_PACKAGES = {
  haproxy: "haproxy",
  "redis-server": "redis-server",
  "redis-cli": "redis-tools",
  iperf3: "iperf3",
  wrk: "wrk",
  chromium: "chromium",
} as const;

export type SystemTool = keyof typeof TOOL_PACKAGES;

/** Absolute path of `name` on PATH, or undefined. */
export function findOnPath(name: string, path = process.env.PATH ?? ""): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const file = join(dir, name);
    try {
      accessSync(file, constants.X_OK);
      return file;
    } catch {}
  }
  return undefined;
}

/** The tools of `tools` not on PATH. */
export function missingTools(tools: readonly SystemTool[], path?: string): SystemTool[] {
  return tools.filter((t) => findOnPath(t, path) === undefined);
}

/** The one line that says what is missing and how to install it. */
export function missingMessage(missing: readonly SystemTool[]): string {
  const packages = [...new Set(missing.map((t) => TOOL_PACKAGES[t]))].join(" ");
  return `needs ${missing.join(", ")} (sudo apt-get install ${packages})`;
}

/** Decide for a suite: "run", or "skip" with the line to print; throws under CI when a tool is missing. */
export function toolDecision(
  tools: readonly SystemTool[],
  env: { CI?: string; PATH?: string } = process.env,
): { run: true } | { run: false; line: string } {
  const missing = missingTools(tools, env.PATH ?? "");
  if (missing.length === 0) return { run: true };
  const line = missingMessage(missing);
  if (env.CI === "true" || env.CI === "1") throw new Error(`CI=true: this suite ${line}`);
  return { run: false, line };
}

/** `describe` that runs when every tool is on PATH, else skips (or fails under CI). */
export function describeWithTools(...tools: SystemTool[]): ReturnType<typeof describe.skipIf> {
  const decision = toolDecision(tools);
  if (!decision.run) console.warn(`skipped ${callerFile()}: ${decision.line}`);
  return describe.skipIf(!decision.run);
}

/** The calling test file, relative to the repository, for the skip line. */
function callerFile(): string {
  const stack = new Error().stack?.split("\n") ?? [];
  const line = stack.find((l) => l.includes(".test.ts"));
  const m = line?.match(/(test\/[^\s:)]+\.test\.ts)/);
  return m?.[1] ?? "a suite";
}
