import { parseCookieHeader } from "../../router/cookies.ts";
import type { HashOn } from "../../schema/pool.ts";

/**
 * What balancing and affinity may look at in the client's request. Cookies and query are
 * parsed lazily, once, and only when a pool asks for them.
 */
export class RequestFacts {
  readonly headers: Headers;
  readonly clientIp: string;
  readonly #search: string;
  #cookies: Map<string, string> | undefined;
  #query: URLSearchParams | undefined;

  constructor(headers: Headers, search: string, clientIp: string) {
    this.headers = headers;
    this.#search = search;
    this.clientIp = clientIp;
  }

  cookie(name: string): string | undefined {
    this.#cookies ??= parseCookieHeader(this.headers.get("cookie"));
    return this.#cookies.get(name);
  }

  query(name: string): string | undefined {
    this.#query ??= new URLSearchParams(this.#search);
    return this.#query.get(name) ?? undefined;
  }

  /** The consistent-hash key for `hashOn`; undefined (so: weighted random) when the request lacks it. */
  hashKey(on: HashOn | undefined): string | undefined {
    if (on === undefined || on === "client_ip") return this.clientIp || undefined;
    if ("header" in on) return this.headers.get(on.header) ?? undefined;
    if ("cookie" in on) return this.cookie(on.cookie);
    return this.query(on.query);
  }
}
