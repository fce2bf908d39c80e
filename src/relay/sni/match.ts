/** Routing by TLS server name: exact names first, then the longest `*.suffix`, then the default pool. */
export interface ServerNameRule {
  serverNames: string[];
  pool: string;
}

export type ServerNameMatcher = (name: string | undefined) => string | undefined;

/** Lower case, one trailing dot dropped: "WWW.Example.COM." and "www.example.com" are the same name. */
export function normalizeServerName(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith(".") ? lower.slice(0, -1) : lower;
}

/**
 * Compiles rules once per config (not per connection): exact names go into one map, wildcard
 * suffixes into another, and a lookup walks the name's own label boundaries from the longest
 * suffix down, so it costs O(labels) whatever the number of rules. Earlier rules win ties.
 */
export function compileServerNameRules(rules: ReadonlyArray<ServerNameRule>, defaultPool?: string): ServerNameMatcher {
  const exact = new Map<string, string>();
  const suffix = new Map<string, string>(); // ".example.com" -> pool
  for (const rule of rules) {
    for (const raw of rule.serverNames) {
      const n = normalizeServerName(raw);
      if (n.startsWith("*.")) {
        if (!suffix.has(n.slice(1))) suffix.set(n.slice(1), rule.pool);
      } else if (!exact.has(n)) exact.set(n, rule.pool);
    }
  }
  return (name) => {
    if (name === undefined || name === "") return defaultPool;
    const n = normalizeServerName(name);
    const hit = exact.get(n);
    if (hit !== undefined) return hit;
    // "a.b.example.com": try ".b.example.com", then ".example.com", then ".com".
    for (let dot = n.indexOf("."); dot >= 0; dot = n.indexOf(".", dot + 1)) {
      if (dot === 0) continue; // a leading dot is no label boundary (".example.com" must not match "*.example.com")
      const s = suffix.get(n.slice(dot));
      if (s !== undefined) return s;
    }
    return defaultPool;
  };
}

const compiled = new WeakMap<object, Map<string | undefined, ServerNameMatcher>>();

/**
 * One-shot form of compileServerNameRules. The compiled matcher is cached per `rules` array
 * (the config object), so calling this per connection does not recompile.
 */
export function matchServerName(
  rules: ReadonlyArray<ServerNameRule>,
  name: string | undefined,
  defaultPool?: string,
): string | undefined {
  let byDefault = compiled.get(rules);
  if (!byDefault) compiled.set(rules, (byDefault = new Map()));
  let m = byDefault.get(defaultPool);
  if (!m) byDefault.set(defaultPool, (m = compileServerNameRules(rules, defaultPool)));
  return m(name);
}
