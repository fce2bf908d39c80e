/** Turns interleaved samples of direct / haproxy / relay into one figure judged as relay ÷ haproxy. */
import { interleave, medians, round3 } from "../lib/stats.ts";
import { judge, type FigureResult, type Target } from "../lib/types.ts";
import type { Contender } from "./contenders.ts";

export const RELAY_VS_HAPROXY: Target = { op: ">=", value: 0.9, of: "relay / haproxy" };

export async function l4Figure(
  key: string,
  unit: string,
  contenders: readonly Contender[],
  rounds: number,
  measure: (c: Contender, round: number) => Promise<number | null>,
  target: Target = RELAY_VS_HAPROXY,
): Promise<FigureResult> {
  const byName = new Map(contenders.map((c) => [c.name, c]));
  const samples = await interleave(
    contenders.map((c) => c.name),
    rounds,
    (name, r) => measure(byName.get(name as Contender["name"])!, r),
  );
  const med = medians(samples);
  const relay = med.relay;
  const haproxy = med.haproxy;
  const ratio = relay !== undefined && haproxy !== undefined && haproxy > 0 && Number.isFinite(relay) ? round3(relay / haproxy) : null;
  const cases: Record<string, number> = {};
  if (med.direct && Number.isFinite(med.direct)) {
    if (haproxy) cases["haproxy / direct"] = round3(haproxy / med.direct);
    if (relay && Number.isFinite(relay)) cases["relay / direct"] = round3(relay / med.direct);
  }
  const notes: string[] = [];
  for (const [n, s] of Object.entries(samples)) if (s.length < rounds) notes.push(`${n}: ${rounds - s.length} of ${rounds} samples failed`);
  const roundedMedians = Object.fromEntries(Object.entries(med).map(([k, v]) => [k, round3(v)]));
  return { key, unit, medians: roundedMedians, ratio, target, met: judge(ratio, target), samples, cases, notes };
}
