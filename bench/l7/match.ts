/**
 * l7.match: median ns per route decision of our compiled matcher vs Hono's RegExpRouter and
 * find-my-way on the same path-only tables (GitHub's REST routes; synthetic 100 / 1,000 / 10,000).
 * l7.match.conditions: ours on the GitHub table with cookie, header and API-version conditions vs
 * ours path-only on the same requests. Each table runs in its own process (match-child.ts).
 */
import { join } from "node:path";
import { run } from "../lib/procs.ts";
import { round3 } from "../lib/stats.ts";
import { FIGURES } from "../lib/targets.ts";
import { type FigureResult, judge } from "../lib/types.ts";
import type { TableOutcome } from "./match-child.ts";

async function runTable(table: string, quick: boolean): Promise<TableOutcome | string> {
  const res = await run(
    `match-${table}`,
    process.execPath,
    [join(import.meta.dirname, "match-child.ts"), table, quick ? "quick" : "full"],
    {
      timeoutMs: 120_000,
    },
  );
  const line = res.stdout.trim().split("\n").pop() ?? "";
  try {
    return JSON.parse(line) as TableOutcome;
  } catch {
    return `exit ${res.code}: ${res.stderr.trim().split("\n").slice(-3).join(" | ")}`;
  }
}

export async function matchFigure(quick: boolean, log: (s: string) => void): Promise<FigureResult> {
  const { unit, target } = FIGURES["l7.match"]!;
  const notes: string[] = [];
  const cases: Record<string, unknown> = {};
  const medians: Record<string, number> = {};
  let worst: number | null = null;
  let complete = true;
  const tables = ["github", ...(quick ? [100, 10_000] : [100, 1_000, 10_000]).map((n) => `synthetic-${n}`)];
  for (const t of tables) {
    const o = await runTable(t, quick);
    if (typeof o === "string") {
      complete = false;
      notes.push(`${t}: failed: ${o}`);
      continue;
    }
    const ratio =
      o.medians.ours !== undefined && o.medians["hono-regexp"]
        ? round3(o.medians.ours / o.medians["hono-regexp"])
        : null;
    if (ratio === null) complete = false;
    else worst = Math.max(worst ?? 0, ratio);
    cases[t] = { ...o, ratio };
    for (const [k, v] of Object.entries(o.medians)) medians[`${t}/${k}`] = v;
    for (const n of o.notes) if (!n.startsWith("ratio")) notes.push(`${t}: ${n}`);
    if (Object.keys(o.wrongAnswers).length)
      notes.push(`${t}: answers differing from the expected route: ${JSON.stringify(o.wrongAnswers)}`);
    if (o.droppedForRegExpRouter)
      notes.push(
        `${t}: ${o.droppedForRegExpRouter} routes left out of every router's table because RegExpRouter rejects them (literal and parameter at the same position)`,
      );
    log(
      `  ${t} (${o.routes} routes): ${Object.entries(o.medians)
        .map(([k, v]) => `${k} ${v} ns`)
        .join(", ")}`,
    );
  }
  const ratio = complete ? worst : null;
  return { key: "l7.match", unit, medians, ratio, target, met: judge(ratio, target), cases, notes };
}

/** l7.match.conditions: the conditions table (four routes per GitHub path) ÷ the same requests path-only. */
export async function conditionsFigure(quick: boolean, log: (s: string) => void): Promise<FigureResult> {
  const key = "l7.match.conditions";
  const { unit, target } = FIGURES[key]!;
  const c = await runTable("conditions", quick);
  if (typeof c === "string") return { key, unit, medians: {}, ratio: null, target, met: null, notes: [`failed: ${c}`] };
  const withConditions = c.medians["ours-conditions"];
  const pathOnly = c.medians["ours-path-only"];
  const ratio = withConditions !== undefined && pathOnly ? round3(withConditions / pathOnly) : null;
  const notes = [
    `GitHub table, ${c.routes} routes (four per path: canary cookie, User-Agent prefix, dated x-api-version header, plain), ${c.requests} requests; ours-path-only replays the same requests on the plain table`,
  ];
  if (Object.keys(c.wrongAnswers).length)
    notes.push(`answers differing from the expected route: ${JSON.stringify(c.wrongAnswers)}`);
  log(
    `  conditions (${c.routes} routes): ${Object.entries(c.medians)
      .map(([k, v]) => `${k} ${v} ns`)
      .join(", ")}`,
  );
  return {
    key,
    unit,
    medians: c.medians,
    samples: c.samples,
    ratio,
    target,
    met: judge(ratio, target),
    cases: { routes: c.routes, requests: c.requests },
    notes,
  };
}
