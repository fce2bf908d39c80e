/** bench/RESULTS.md: machine, the ratio table against targets, per-figure details and notes (profiles). */
import { writeFileSync } from "node:fs";
import { fmt, judgedText, targetText, verdict } from "./format.ts";
import { type Judged, judgedCases, judgedRows, storedFigures } from "./judged.ts";
import type { Results, StoredFigure } from "./results.ts";

const WHAT: Record<string, string> = {
  "l7.match": "ns per route decision, ours ÷ Hono RegExpRouter (worst path-only table)",
  "l7.match.conditions":
    "ns per decision with cookie/header/version conditions ÷ ours path-only (GitHub table, same requests)",
  "l7.regex_linear": "adversarial table regexes (RE2): worst time growth for 4x input ÷ 4 (1 = linear)",
  "l7.compile": "validate + compile 10,000 routes, cold ms ÷ 50 ms budget",
  "l7.throughput": "default (Hono) worker rps ÷ bare pass-through worker rps (raw workerd, 1,000 routes)",
  "l7.throughput.bare_handler": "bare handler (src/worker/bare.ts) rps ÷ bare pass-through worker rps (same run)",
  "l7.throughput.peer": "default (Hono) worker rps ÷ hand-written Hono + hono/proxy peer rps (same run, same routes)",
  "l7.cpu_us":
    "workerd CPU µs per request, default (Hono) worker − bare pass-through worker (same run as l7.throughput; a difference, not a ratio)",
  "l7.p99": "p99 latency, default (Hono) worker ÷ bare pass-through worker (same wrk runs as l7.throughput)",
  "l7.bundle": "gzipped deployed bundle ÷ 64 KiB",
  "l7.policy.jwt":
    "workerd CPU per request, JWT-protected route (HS256, cached key, token cache on) ÷ unprotected route",
  "l7.policy.ratelimit": "workerd CPU per request, rate-limited route (Durable Object) ÷ unprotected route",
  "l4.iperf1": "iperf3, 1 stream: relay ÷ HAProxy Gbit/s",
  "l4.iperf8": "iperf3, 8 streams: relay ÷ HAProxy Gbit/s",
  "l4.redis": "redis-benchmark GET/SET: relay ÷ HAProxy req/s",
  "l4.redis_pipelined": "redis-benchmark -P 16: relay ÷ HAProxy req/s",
  "l4.redis_newconn": "redis-benchmark -k 0 (new connection per request): relay ÷ HAProxy req/s",
  "l4.connect_rate":
    "wrk, one connection per request (`Connection: close`, backend closes first): relay ÷ HAProxy connections/s",
  "l4.p99": "redis-benchmark GET -c 50, p99 latency: relay ÷ HAProxy ms",
  "l4.idle_conn_bytes": "RSS per idle relayed connection: relay ÷ HAProxy bytes",
};

function medianText(f: StoredFigure): string {
  if (f.key === "l7.match") return "see below";
  if (f.key === "l7.compile") {
    const m = f.medians;
    return `10k routes: cold ${fmt(m["10000/cold"])} ms (validate ${fmt(m["10000/coldValidate"])}, compile ${fmt(m["10000/coldCompile"])}), warm ${fmt(m["10000/warm"])} ms; 1k: cold ${fmt(m["1000/cold"])} ms`;
  }
  const parts = Object.entries(f.medians).map(([k, v]) => `${k} ${fmt(v)}`);
  return parts.length ? `${parts.join(", ")} ${f.unit}` : "–";
}

/** A table row: the figure's medians, or "see below" for a sub-case (its numbers are in the figure's details). */
function tableRow(j: Judged): string {
  const medians = j.subCase === undefined ? medianText(j.figure) : "see below";
  return `| ${j.label} | ${WHAT[j.label] ?? j.target.of} | ${medians} | ${judgedText(j)} | ${targetText(j)} | ${verdict(j)} |`;
}

function matchDetails(f: StoredFigure, cond: StoredFigure | undefined): string[] {
  const out = [
    "",
    "### l7.match per table (median ns per decision)",
    "",
    "| table | routes | ours | hono-regexp | find-my-way | find-my-way compiled | ours ÷ hono |",
    "|---|---|---|---|---|---|---|",
  ];
  for (const [name, raw] of Object.entries(f.cases ?? {})) {
    if (name.startsWith("conditions")) continue; // results recorded before l7.match.conditions had its own key
    const c = raw as { routes: number; medians: Record<string, number>; ratio: number | null };
    const m = c.medians;
    out.push(
      `| ${name} | ${c.routes} | ${fmt(m.ours)} | ${fmt(m["hono-regexp"])} | ${fmt(m["find-my-way"])} | ${fmt(m["find-my-way-compiled"])} | ${fmt(c.ratio)} |`,
    );
  }
  if (cond?.ratio != null) {
    const m = cond.medians;
    const routes = (cond.cases as { routes?: number } | undefined)?.routes;
    out.push(
      `| GitHub with conditions (l7.match.conditions) | ${routes ?? "–"} | ${fmt(m["ours-conditions"])} (path-only ${fmt(m["ours-path-only"])}) | – | – | – | – |`,
    );
  }
  return out;
}

function caseText(v: unknown): string {
  if (typeof v === "number") return fmt(v);
  if (v && typeof v === "object") {
    return Object.entries(v as Record<string, unknown>)
      .map(([k, x]) =>
        x && typeof x === "object"
          ? `${k} ${Object.entries(x as Record<string, number>)
              .map(([a, b]) => `${a} ${fmt(b)}`)
              .join(" + ")}`
          : `${k} ${typeof x === "number" ? fmt(x) : String(x)}`,
      )
      .join(", ");
  }
  return String(v);
}

/** One paragraph per missed target: the judged value, the CPU split when measured, the top of its profile. */
function missesAtAGlance(r: Results, figures: readonly StoredFigure[]): string[] {
  const out: string[] = [];
  for (const f of figures) {
    const missedCases = judgedCases(r, f).filter((c) => c.met === false);
    if (f.met !== false && missedCases.length === 0) continue;
    const what = [
      ...(f.met === false ? [`${f.target.unit ? "value" : "ratio"} ${judgedText(f)} (target ${targetText(f)})`] : []),
      ...missedCases.map((c) => `${c.subCase} ratio ${judgedText(c)} (target ${targetText(c)})`),
    ].join("; ");
    const cpu = Object.entries(f.cases ?? {}).filter(([k]) => k.includes("CPU"));
    const hot: string[] = [];
    f.notes.forEach((n, i) => {
      if (/^profile of/.test(n))
        hot.push(
          ...f.notes
            .slice(i + 1, i + 4)
            .filter((l) => l.startsWith("  "))
            .map((l) => l.trim()),
        );
    });
    const parts = [`**${f.key}**: ${what}.`];
    for (const [k, v] of cpu) parts.push(`${k}: ${caseText(v)}.`);
    if (hot.length) parts.push(`Top of profile: ${hot.join("; ")}.`);
    out.push(`- ${parts.join(" ")}`);
  }
  return out.length ? ["", "## Missed targets at a glance", "", ...out] : [];
}

export function writeMarkdown(path: string, r: Results): void {
  const m = r.meta;
  const lines = [
    "# Benchmark results",
    "",
    "Generated by `npm run bench -- --record` (see docs/benchmarks.md). Ratios are what is judged; absolute",
    "numbers depend on this machine and on everything else it runs at the time.",
    "",
    `- Date: ${m.date}`,
    `- Machine: ${m.cores} cores (${m.cpuModel}), Node ${m.node}`,
    `- Tools: ${Object.entries(m.tools)
      .map(([k, v]) => `${k}: ${v}`)
      .join("; ")}`,
    `- Mode: ${m.mode}${m.only.length ? `, only ${m.only.join(", ")} (other rows from earlier runs, see their dates)` : ""}; run took ${m.durationS} s`,
    "",
    "| figure | what is compared | medians | ratio | target | status |",
    "|---|---|---|---|---|---|",
  ];
  const figures = storedFigures(r);
  for (const j of judgedRows(r)) lines.push(tableRow(j));
  lines.push("", "![ratios against targets](chart.svg)");
  lines.push(...missesAtAGlance(r, figures));
  const match = r["l7.match"];
  if (match) lines.push(...matchDetails(match, r["l7.match.conditions"]));
  lines.push("", "## Notes per figure", "");
  for (const f of figures) {
    const stamp = f.measuredAt !== m.date ? ` (measured ${f.measuredAt}, ${f.mode})` : "";
    const cases =
      f.key !== "l7.match" && f.cases && Object.keys(f.cases).length
        ? ` — ${Object.entries(f.cases)
            .map(([k, v]) => `${k}: ${caseText(v)}`)
            .join("; ")}`
        : "";
    lines.push(`### ${f.key}: ${verdict(f)}${stamp}${cases}`, "");
    if (f.samples)
      lines.push(
        `Samples: ${Object.entries(f.samples)
          .map(([k, v]) => `${k} [${v.map((x) => fmt(x)).join(", ")}]`)
          .join("; ")}`,
        "",
      );
    for (const n of f.notes) lines.push(n.startsWith("  ") ? `    ${n.trim()}` : `- ${n}`);
    lines.push("");
  }
  writeFileSync(path, lines.join("\n"));
}
