import type { PickContext } from "../../lb/types.ts";
import type { Backend } from "./backend.ts";

/**
 * Fewest open connections per unit of weight (HAProxy `leastconn`, nginx `least_conn`), a full
 * scan. Ties rotate so equal backends share new connections instead of the first taking all.
 */
export class LeastConnBalancer {
  #rotor = 0;

  pick(candidates: readonly Backend[], ctx?: PickContext): Backend | undefined {
    const n = candidates.length;
    if (n <= 1) return candidates[0];
    const anyWeight = candidates.some((c) => c.weight > 0);
    const start = this.#rotor++ % n;
    let best: Backend | undefined;
    let bestLoad = Infinity;
    for (let k = 0; k < n; k++) {
      const b = candidates[(start + k) % n]!;
      const w = anyWeight ? b.weight : 1;
      if (w <= 0) continue;
      const load = (ctx?.load ? ctx.load(b.id) : b.active) / w;
      if (load < bestLoad) {
        bestLoad = load;
        best = b;
      }
    }
    return best;
  }
}
