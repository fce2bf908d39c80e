import type * as z from "./kit/index.ts";

/** Shapes as seen by the cross-reference check (after defaults are applied). */
interface ListenerShape {
  name: string;
  protocol: "tcp" | "udp";
  address: string;
  port: number;
  pool?: string | undefined;
  sni?: { rules: { pool: string }[]; defaultPool?: string | undefined } | undefined;
  acceptProxy?: unknown;
  sendProxy?: unknown;
}
interface PoolShape {
  backends: { name?: string | undefined; address: string; port: number }[];
  health?: { send?: string | undefined; expect?: string | undefined; encoding: string } | undefined;
}
interface L4Shape {
  listeners: ListenerShape[];
  pools: Record<string, PoolShape>;
  admin?: { address: string; port: number } | undefined;
}

const WILDCARDS = new Set(["0.0.0.0", "::", "[::]", "*"]);

function bindsOverlap(a: { address: string; port: number }, b: { address: string; port: number }): boolean {
  if (a.port === 0 || b.port === 0 || a.port !== b.port) return false;
  return a.address === b.address || WILDCARDS.has(a.address) || WILDCARDS.has(b.address);
}

/**
 * Checks what the field schemas cannot: that listeners name existing pools, that no two
 * sockets bind the same address, and that names are unique. Each issue carries its JSON path
 * (the schema kit prefixes `$.l4` when this section sits in the edge document).
 */
export function checkL4References(l4: L4Shape, ctx: z.RefinementCtx): void {
  const add = (path: (string | number)[], message: string) => ctx.addIssue({ code: "custom", path, message });
  const hasPool = (name: string) => Object.hasOwn(l4.pools, name);
  const names = new Map<string, number>();

  l4.listeners.forEach((l, i) => {
    const at = ["listeners", i];
    const prev = names.get(l.name);
    if (prev !== undefined) add([...at, "name"], `duplicate listener name "${l.name}" (also at listeners[${prev}])`);
    else names.set(l.name, i);

    if ((l.pool === undefined) === (l.sni === undefined)) add(at, "a listener needs exactly one of `pool` or `sni`");
    if (l.pool !== undefined && !hasPool(l.pool)) add([...at, "pool"], `unknown pool "${l.pool}" (not in l4.pools)`);
    if (l.sni) {
      l.sni.rules.forEach((r, j) => {
        if (!hasPool(r.pool)) add([...at, "sni", "rules", j, "pool"], `unknown pool "${r.pool}" (not in l4.pools)`);
      });
      const d = l.sni.defaultPool;
      if (d !== undefined && !hasPool(d)) add([...at, "sni", "defaultPool"], `unknown pool "${d}" (not in l4.pools)`);
      if (l.sni.rules.length === 0 && d === undefined) add([...at, "sni"], "needs at least one rule or a defaultPool");
    }
    if (l.protocol === "udp") {
      if (l.sni) add([...at, "sni"], "SNI routing needs a TCP listener");
      if (l.acceptProxy !== undefined) add([...at, "acceptProxy"], "PROXY protocol is supported on TCP listeners only");
      if (l.sendProxy !== undefined) add([...at, "sendProxy"], "PROXY protocol is supported on TCP listeners only");
    }
    for (let j = 0; j < i; j++) {
      const o = l4.listeners[j]!;
      if (o.protocol === l.protocol && bindsOverlap(o, l))
        add([...at, "port"], `${l.protocol} ${l.address}:${l.port} is already bound by listeners[${j}] ("${o.name}")`);
    }
    if (l.protocol === "tcp" && l4.admin && bindsOverlap(l4.admin, l))
      add([...at, "port"], `${l.address}:${l.port} is also the admin address`);
  });

  for (const [poolName, pool] of Object.entries(l4.pools)) {
    const seen = new Map<string, number>();
    pool.backends.forEach((b, j) => {
      const id = b.name ?? `${b.address}:${b.port}`;
      const prev = seen.get(id);
      if (prev !== undefined)
        add(["pools", poolName, "backends", j], `duplicate backend "${id}" (also at backends[${prev}])`);
      else seen.set(id, j);
    });
    const h = pool.health;
    if (h && h.encoding === "hex") {
      for (const key of ["send", "expect"] as const) {
        const v = h[key];
        if (v !== undefined && !/^(?:[0-9a-fA-F]{2})*$/.test(v))
          add(["pools", poolName, "health", key], "must be an even number of hex digits");
      }
    }
  }
}
