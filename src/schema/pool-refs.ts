/**
 * Cross-reference checks for a forward action's pool chain (called from checkL7References):
 * every pool of `pools` and `fallbackPool` exists, none repeats, and the fallback is not also
 * in the chain. Paths are relative to the document root.
 */
export function checkForwardPools(
  action: { pool?: string | undefined; pools?: readonly string[] | undefined; fallbackPool?: string | undefined },
  at: (string | number)[],
  pools: Record<string, unknown>,
  add: (path: (string | number)[], message: string) => void,
): void {
  const seen = new Map<string, number>();
  action.pools?.forEach((name, i) => {
    if (!Object.hasOwn(pools, name)) add([...at, "pools", i], `pool "${name}" is not defined`);
    const prev = seen.get(name);
    if (prev !== undefined) add([...at, "pools", i], `pool "${name}" is already in the chain at pools[${prev}]`);
    else seen.set(name, i);
  });
  const fb = action.fallbackPool;
  if (fb === undefined) return;
  if (!Object.hasOwn(pools, fb)) add([...at, "fallbackPool"], `pool "${fb}" is not defined`);
  else if (fb === action.pool || seen.has(fb)) add([...at, "fallbackPool"], `pool "${fb}" is already in the chain`);
}
