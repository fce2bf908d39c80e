/** Small statistics helpers: medians over interleaved rounds, seeded pseudo-random numbers. */

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** mulberry32: a tiny deterministic PRNG so every router sees the same request mix run after run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick<T>(rand: () => number, items: readonly T[]): T {
  return items[Math.floor(rand() * items.length)]!;
}

/**
 * Runs every contender once per round, in A,B,C / B,C,A / ... order, so slow drift on a noisy
 * shared machine hits all contenders alike. Returns the samples per contender name.
 */
export async function interleave(
  names: readonly string[],
  rounds: number,
  runOne: (name: string, round: number) => Promise<number | null>,
): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = {};
  for (const n of names) samples[n] = [];
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < names.length; i++) {
      const name = names[(i + r) % names.length]!;
      const v = await runOne(name, r);
      if (v !== null && Number.isFinite(v)) samples[name]!.push(v);
    }
  }
  return samples;
}

export function medians(samples: Record<string, number[]>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(samples)) out[k] = median(v);
  return out;
}

/** Rounds for display: 3 significant digits, no exponent. */
export function round3(x: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const d = Math.max(0, 2 - Math.floor(Math.log10(Math.abs(x))));
  return Number(x.toFixed(Math.min(d, 6)));
}
