import type { TestProject } from "vitest/node";
import { type DemoOrigin, startDemoOrigin } from "../../scripts/lib/demo-origin.ts";

/** Node-side origins for the in-workerd tests (workerd tests cannot listen on sockets). */
export const ORIGIN_NAMES = ["web-a", "web-b", "canary", "api-v1", "api-v2", "api-dated"] as const;

declare module "vitest" {
  interface ProvidedContext {
    origins: Record<string, string>;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started: DemoOrigin[] = [];
  for (const name of ORIGIN_NAMES) started.push(await startDemoOrigin(name));
  project.provide("origins", Object.fromEntries(started.map((o) => [o.name, o.url])));
  return async () => {
    await Promise.all(started.map((o) => o.close()));
  };
}
