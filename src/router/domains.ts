/**
 * Virtual host selection by domain pattern, with Envoy's precedence:
 * exact > longest `*suffix` > longest `prefix*` > `*`. Built once per table.
 */

export function domainMatches(pattern: string, host: string): boolean {
  if (pattern === "*") return true;
  if (pattern.startsWith("*")) return host.length > pattern.length - 1 && host.endsWith(pattern.slice(1));
  if (pattern.endsWith("*")) return host.length > pattern.length - 1 && host.startsWith(pattern.slice(0, -1));
  return host === pattern;
}

/** Bounded memo of host -> selection so that random Host headers cannot grow memory without limit. */
const HOST_CACHE_LIMIT = 1024;

export class DomainIndex<T> {
  readonly #exact = new Map<string, T>();
  /** Suffix patterns without the `*`, longest first. */
  readonly #suffixes: Array<[string, T]> = [];
  /** Prefix patterns without the `*`, longest first. */
  readonly #prefixes: Array<[string, T]> = [];
  #any: T | undefined;
  readonly #cache = new Map<string, T | null>();

  add(pattern: string, value: T): void {
    if (pattern === "*") this.#any = value;
    else if (pattern.startsWith("*")) this.#suffixes.push([pattern.slice(1), value]);
    else if (pattern.endsWith("*")) this.#prefixes.push([pattern.slice(0, -1), value]);
    else this.#exact.set(pattern, value);
  }

  /** Call after all add()s. */
  seal(): this {
    this.#suffixes.sort((a, b) => b[0].length - a[0].length);
    this.#prefixes.sort((a, b) => b[0].length - a[0].length);
    return this;
  }

  lookup(host: string): T | undefined {
    if (this.#exact.size !== 0) {
      const exact = this.#exact.get(host);
      if (exact !== undefined) return exact;
    }
    if (this.#suffixes.length === 0 && this.#prefixes.length === 0) return this.#any;
    const cached = this.#cache.get(host);
    if (cached !== undefined) return cached ?? undefined;
    const found = this.#scan(host);
    if (this.#cache.size >= HOST_CACHE_LIMIT) this.#cache.clear();
    this.#cache.set(host, found ?? null);
    return found;
  }

  #scan(host: string): T | undefined {
    for (const [s, v] of this.#suffixes) if (host.length > s.length && host.endsWith(s)) return v;
    for (const [p, v] of this.#prefixes) if (host.length > p.length && host.startsWith(p)) return v;
    return this.#any;
  }
}
