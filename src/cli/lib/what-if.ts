/**
 * Replays requests through two documents and groups the ones whose outcome changes: route,
 * pool chain, or action/policy outcome. Pure (the CLI reads the files).
 */
import { explainRequest } from "../../explain/explain.ts";
import type { ExplainInput } from "../../explain/types.ts";
import type { EdgeConfig } from "../../schema/index.ts";

export interface Outcome {
  route: string;
  pools: string;
  outcome: string;
}

export interface MoveGroup {
  /** What changed: any of route, pool, outcome. */
  changes: string[];
  from: Outcome;
  to: Outcome;
  count: number;
  examples: string[];
}

export interface WhatIfReport {
  total: number;
  unchanged: number;
  changed: number;
  skipped: number;
  groups: MoveGroup[];
}

export function outcomeOf(config: EdgeConfig, req: ExplainInput): Outcome {
  const e = explainRequest(config, req);
  if (e.error !== undefined || e.route === null || e.action === null)
    return { route: `(${e.error?.code ?? "NO_ROUTE"})`, pools: "-", outcome: `error ${e.error?.code ?? "NO_ROUTE"}` };
  const a = e.action;
  // A policy that now refuses (or no longer does) is a change of outcome; live checks are not decided here.
  const refusal = e.policies.find((p) => p.verdict === "refuses");
  const policy =
    e.policies.length === 0
      ? ""
      : ` policies ${e.policies.map((p) => p.name).join(",")}${refusal ? ` (refused by ${refusal.name}: ${refusal.outcome})` : ""}`;
  const act =
    a.type === "forward"
      ? `forward ${e.originRequest?.path ?? ""}`
      : a.type === "redirect"
        ? `redirect ${String(a.code ?? 302)} ${String(a.location ?? "")}`
        : `direct ${String(a.status)}`;
  return {
    route: `${e.virtualHost!.name}/${e.route.name}`,
    pools: e.pools.map((p) => p.pool).join(" > ") || "-",
    outcome: `${act}${policy}`,
  };
}

export function whatIf(
  before: EdgeConfig,
  after: EdgeConfig,
  requests: ExplainInput[],
  skipped = 0,
  maxExamples = 3,
): WhatIfReport {
  const groups = new Map<string, MoveGroup>();
  let unchanged = 0;
  for (const req of requests) {
    const from = outcomeOf(before, req);
    const to = outcomeOf(after, req);
    const changes = (["route", "pools", "outcome"] as const).filter((k) => from[k] !== to[k]);
    if (changes.length === 0) {
      unchanged++;
      continue;
    }
    // Group by the route move and what changed; the outcome text may vary per request (paths), so it is not the key.
    const key = `${from.route}\u0000${to.route}\u0000${from.pools}\u0000${to.pools}\u0000${changes.join(",")}`;
    let g = groups.get(key);
    if (g === undefined)
      groups.set(
        key,
        (g = { changes: changes.map((c) => (c === "pools" ? "pool" : c)), from, to, count: 0, examples: [] }),
      );
    g.count++;
    if (g.examples.length < maxExamples) g.examples.push(`${req.method.toUpperCase()} ${req.url}`);
  }
  const list = [...groups.values()].sort((x, y) => y.count - x.count);
  return { total: requests.length, unchanged, changed: requests.length - unchanged, skipped, groups: list };
}
