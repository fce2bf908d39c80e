/**
 * When the relay misses a target: run the same workload once more against a relay started with
 * `--cpu-prof` (inherited by its workers), stop it with SIGTERM so the profiles are written,
 * and rank functions by self time.
 */
import { mkdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { sleep } from "../lib/net.ts";
import { formatHot, profileClockUs, summariseProfiles } from "../lib/profile.ts";
import { type Contender, type RelayOptions, startRelay, TMP } from "./contenders.ts";

export async function profileRelay(
  tag: string,
  backendPort: number,
  relay: RelayOptions,
  workload: (c: Contender) => Promise<unknown>,
): Promise<string[]> {
  const dir = join(TMP, "prof", tag);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const c = await startRelay(`prof-${tag}`, backendPort, { ...relay, cpuProfDir: dir });
  let since = 0;
  try {
    await sleep(300);
    since = profileClockUs();
    await workload(c);
  } finally {
    await c.proc?.stop();
    await sleep(300);
  }
  const { hot, files, totalSamples } = summariseProfiles(dir, 12, undefined, since);
  if (!files.length) return [`profile: no .cpuprofile written (does the relay exit cleanly on SIGTERM?)`];
  return [
    `profile of the relay under ${tag} (node --cpu-prof, ${files.length} process(es), ${totalSamples} samples during the load, self time, idle excluded; files in bench/tmp/prof/${tag}):`,
    ...formatHot(hot).map((l) => `  ${l}`),
  ];
}
