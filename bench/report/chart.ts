/**
 * bench/chart.svg, hand-written: one horizontal bar per judged value on a linear scale, a tick at
 * its target, green when met, red when missed, grey when not measured. A target that is an amount
 * (l7.cpu_us: a difference in µs) rather than a ratio is drawn as value ÷ target, so its tick sits
 * at 1.0 and the bar still reads "how far from the target". No dependencies.
 */
import { writeFileSync } from "node:fs";
import { judgedText, targetText } from "./format.ts";
import { judgedRows } from "./judged.ts";
import type { Results } from "./results.ts";

export interface ChartRow {
  label: string;
  /** Where the bar ends: the ratio, or value ÷ target for an amount. */
  bar: number | null;
  /** Where the target tick sits on the same scale. */
  tick: number;
  /** True when the row is an amount drawn as value ÷ target. */
  scaled: boolean;
  /** "94.0 µs (<= 25 µs) missed" */
  text: string;
  met: boolean | null;
}

const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function chartRows(r: Results): ChartRow[] {
  return judgedRows(r).map((j) => {
    const scaled = j.target.unit !== undefined && j.target.value > 0;
    const bar = j.ratio === null || !Number.isFinite(j.ratio) ? null : scaled ? j.ratio / j.target.value : j.ratio;
    const status = j.met === true ? "met" : j.met === false ? "missed" : "not measured";
    return {
      label: scaled ? `${j.label} *` : j.label,
      bar,
      tick: scaled ? 1 : j.target.value,
      scaled,
      text: `${judgedText(j)} (${targetText(j)}) ${status}`,
      met: j.met,
    };
  });
}

export function writeChart(path: string, r: Results): void {
  const rows = chartRows(r);
  const max = Math.max(2.5, ...rows.map((x) => Math.min(x.bar ?? 0, 4) * 1.05), ...rows.map((x) => x.tick * 1.1));
  const left = 200;
  const width = 460;
  const rowH = 28;
  const top = rows.some((x) => x.scaled) ? 64 : 48;
  const h = top + rows.length * rowH + 40;
  const x = (v: number) => Math.round((left + (Math.max(0, Math.min(v, max)) / max) * width) * 10) / 10;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${left + width + 200}" height="${h}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="10" y="20" font-size="14" font-weight="bold">edge-router benchmarks: ratio vs target (${esc(r.meta.date.slice(0, 16))}Z, ${r.meta.cores} cores)</text>`,
    `<text x="10" y="36" fill="#555">bar = measured ratio, black tick = target (≤: bar must end left of it; ≥: right of it)</text>`,
  ];
  if (top > 48)
    parts.push(
      `<text x="10" y="52" fill="#555">* an amount, not a ratio (e.g. µs): bar = value ÷ target, so its tick is at 1.0; the value is printed on the right</text>`,
    );
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
    if (row.bar !== null) {
      parts.push(
        `<rect x="${left}" y="${y + 5}" width="${Math.max(1, x(row.bar) - left)}" height="${rowH - 10}" fill="${colour}"/>`,
      );
    }
    parts.push(
      `<line x1="${x(row.tick)}" y1="${y + 1}" x2="${x(row.tick)}" y2="${y + rowH - 1}" stroke="#000" stroke-width="2"/>`,
    );
    if (row.bar !== null && row.bar > max)
      parts.push(`<text x="${left + width - 4}" y="${y + 17}" text-anchor="end" fill="#fff">»</text>`);
    parts.push(`<text x="${left + width + 10}" y="${y + 17}" fill="${colour}">${esc(row.text)}</text>`);
  });
  parts.push("</svg>");
  writeFileSync(path, `${parts.join("\n")}\n`);
}
