/**
 * bench/chart.svg, hand-written: one horizontal bar per judged ratio on a linear scale, a tick at
 * its target, green when met, red when missed, grey when not measured. No dependencies.
 */
import { writeFileSync } from "node:fs";
import { fmt } from "./format.ts";
import { FIGURE_KEYS, type Results } from "./results.ts";

interface Row {
  label: string;
  ratio: number | null;
  op: string;
  target: number;
  met: boolean | null;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function chartRows(r: Results): Row[] {
  const rows: Row[] = [];
  for (const k of FIGURE_KEYS) {
    const f = r[k];
    if (!f) continue;
    rows.push({ label: k, ratio: f.ratio, op: f.target.op, target: f.target.value, met: f.met });
  }
  return rows;
}

export function writeChart(path: string, r: Results): void {
  const rows = chartRows(r);
  const max = Math.max(2.5, ...rows.map((x) => Math.min(x.ratio ?? 0, 4) * 1.05), ...rows.map((x) => x.target * 1.1));
  const left = 190;
  const width = 460;
  const rowH = 28;
  const top = 48;
  const h = top + rows.length * rowH + 40;
  const x = (v: number) => Math.round((left + (Math.min(v, max) / max) * width) * 10) / 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 170}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">edge-router benchmarks: ratio vs target (${esc(r.meta.date.slice(0, 16))}Z, ${r.meta.cores} cores)</text>`,
    `<text x="10" y="36" fill="#555">bar = measured ratio, black tick = target (≤: bar must end left of it; ≥: right of it)</text>`,
  ];
  for (let t = 0; t <= max + 1e-9; t += 0.5) {
    parts.push(`<line x1="${x(t)}" y1="${top - 4}" x2="${x(t)}" y2="${top + rows.length * rowH}" stroke="#eee"/>`);
    parts.push(
      `<text x="${x(t)}" y="${top + rows.length * rowH + 14}" text-anchor="middle" fill="#777">${t.toFixed(1)}</text>`,
    );
  }
  rows.forEach((row, i) => {
    const y = top + i * rowH;
    const colour = row.met === true ? "#2e9e44" : row.met === false ? "#d0312d" : "#aaa";
    parts.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end">${esc(row.label)}</text>`);
    if (row.ratio !== null && Number.isFinite(row.ratio)) {
      parts.push(
        `<rect x="${left}" y="${y + 5}" width="${Math.max(1, x(row.ratio) - left)}" height="${rowH - 10}" fill="${colour}"/>`,
      );
    }
    parts.push(
      `<line x1="${x(row.target)}" y1="${y + 1}" x2="${x(row.target)}" y2="${y + rowH - 1}" stroke="#000" stroke-width="2"/>`,
    );
    const status = row.met === true ? "met" : row.met === false ? "missed" : "not measured";
    if (row.ratio !== null && row.ratio > max)
      parts.push(`<text x="${left + width - 4}" y="${y + 17}" text-anchor="end" fill="#fff">»</text>`);
    parts.push(
      `<text x="${left + width + 10}" y="${y + 17}" fill="${colour}">${esc(`${fmt(row.ratio)} (${row.op} ${row.target}) ${status}`)}</text>`,
    );
  });
  parts.push("</svg>");
  writeFileSync(path, `${parts.join("\n")}\n`);
}
