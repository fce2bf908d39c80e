/** The profile of our worker for a missed worker target: a fresh workerd with the V8 inspector, under the same wrk load. */
import { mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";
import { TMP } from "../l4/contenders.ts";
import { freePort } from "../lib/net.ts";
import { formatHot, loadBundleMap, summariseProfiles } from "../lib/profile.ts";
import { profileWorker } from "./inspector-profile.ts";
import { startWorkerd, wrk } from "./workerd-run.ts";

export async function profileRouter(
  dir: string,
  configFor: (port: number) => string,
  checkPath: string,
  script: string,
  sourceMap: string,
): Promise<string[]> {
  const port = await freePort();
  const inspector = await freePort();
  const profDir = join(TMP, "prof", "worker");
  mkdirSync(profDir, { recursive: true });
  for (const f of readdirSync(profDir)) rmSync(join(profDir, f));
  const p = await startWorkerd("router-profile", configFor(port), port, dir, checkPath, [
    `--inspector-addr=127.0.0.1:${inspector}`,
  ]);
  try {
    await wrk(port, script, 2);
    await profileWorker(inspector, "router", join(profDir, "worker.cpuprofile"), () => wrk(port, script, 3));
  } finally {
    await p.stop();
  }
  const { hot, totalSamples } = summariseProfiles(profDir, 14, loadBundleMap("index.js", sourceMap));
  return [
    `profile of our worker in workerd (V8 inspector, ${totalSamples} samples under wrk, self time; bench/tmp/prof/worker):`,
    ...formatHot(hot).map((l) => `  ${l}`),
  ];
}
