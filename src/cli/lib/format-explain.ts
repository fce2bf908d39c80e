import type { Explanation } from "../../explain/explain.ts";
import { c } from "./output.ts";

const show = (v: unknown) => (v === null ? "(absent)" : JSON.stringify(v));

/** The explanation as a terminal reads it: host, candidates with their first failing condition, action, pools, origin request. */
export function formatExplanation(e: Explanation): string {
  const out: string[] = [];
  const r = e.request;
  out.push(`${c.bold(`${r.method} ${r.host}${r.path}${r.query}`)}`);
  if (e.virtualHost)
    out.push(
      `virtual host  ${c.bold(e.virtualHost.name)} ${c.dim(`${e.virtualHost.path}, domain "${e.virtualHost.domain}"`)}`,
    );
  for (const cand of e.candidates) {
    if (cand.matched) out.push(`  ${c.green("✓")} ${c.bold(cand.route)} ${c.dim(cand.path)}`);
    else {
      const f = cand.failed!;
      out.push(
        `  ${c.red("✗")} ${cand.route} ${c.dim(cand.path)}\n      ${f.condition} ${show(f.expected)} ≠ ${show(f.actual)} ${c.dim(f.path)}`,
      );
    }
  }
  if (e.error) out.push(c.red(`→ ${e.error.code}: ${e.error.message}`));
  if (e.route) {
    const extra = [
      e.route.apiVersion ? `api version ${e.route.apiVersion}` : "",
      Object.keys(e.route.params).length ? `params ${JSON.stringify(e.route.params)}` : "",
    ].filter(Boolean);
    out.push(`route         ${c.bold(e.route.name)}${extra.length ? ` (${extra.join(", ")})` : ""}`);
  }
  if (e.action) {
    const { type, ...rest } = e.action;
    out.push(`action        ${c.bold(type)} ${c.dim(JSON.stringify(rest))}`);
  }
  for (const p of e.policies) out.push(`policy        ${p.name}: ${p.outcome} ${c.dim(p.path)}`);
  e.pools.forEach((p, i) => {
    out.push(
      `pool ${i === 0 ? "        " : `${i + 1}.      `}${c.bold(p.pool)} (${p.balance}) ${p.origins.map((o) => `${o.name}=${o.url} w${o.weight}`).join(", ")}`,
    );
    out.push(`              ${c.dim(p.note)}`);
  });
  const o = e.originRequest;
  if (o) {
    out.push(`origin gets   ${c.bold(`${o.method} ${o.url}`)}`);
    for (const [k, v] of Object.entries(o.headers)) out.push(`              ${k}: ${v}`);
  }
  if (e.warning) out.push(c.yellow(`warning: ${e.warning}`));
  return out.join("\n");
}
