/** One difference between two documents, with the JSON path where it is. */
export interface Change {
  kind: "added" | "removed" | "changed" | "moved";
  path: string;
  summary: string;
}

/** Field-level differences between two JSON values, each with its JSON path (`$.a.b[2]`). */
export interface LeafChange {
  path: string;
  from: unknown;
  to: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `$.pools.web` or `$.pools["api-v1"]`: the member accessor JSON path tools accept. */
export function member(base: string, key: string): string {
  return IDENT.test(key) ? `${base}.${key}` : `${base}[${JSON.stringify(key)}]`;
}

export function leafChanges(a: unknown, b: unknown, path: string, out: LeafChange[] = []): LeafChange[] {
  if (isObject(a) && isObject(b)) {
    for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) leafChanges(a[k], b[k], member(path, k), out);
  } else if (Array.isArray(a) && Array.isArray(b) && a.length === b.length) {
    a.forEach((x, i) => leafChanges(x, b[i], `${path}[${i}]`, out));
  } else if (JSON.stringify(a) !== JSON.stringify(b)) {
    out.push({ path, from: a, to: b });
  }
  return out;
}

const show = (v: unknown) => (v === undefined ? "(unset)" : JSON.stringify(v));

/** `origins[1].weight: 1 → 2; balance.policy: … (+3 more)`, paths relative to `base`. */
export function summarize(changes: LeafChange[], base: string, max = 3): string {
  const text = changes
    .slice(0, max)
    .map((c) => {
      const rel = c.path.slice(base.length).replace(/^\./, "");
      return `${rel === "" ? "" : `${rel}: `}${show(c.from)} → ${show(c.to)}`;
    })
    .join("; ");
  return changes.length > max ? `${text} (+${changes.length - max} more)` : text;
}
