/**
 * What the conditions of one virtual host read from a request, each read at most once per request.
 * At compile time every distinct header, cookie and query name that some route of the host tests
 * gets a slot; per request, a slot is filled on first use and reused by every later candidate
 * (a `Headers.get` is a call into the runtime, the Cookie header is scanned once per cookie name).
 * One view per virtual host, reused across requests: match() is synchronous and never re-entered.
 */
import type { MatchInput } from "./types.ts";
import { cookieValue } from "./cookies.ts";

/** Names to slots, filled while a host's routes are compiled. */
export class SlotTable {
  readonly headers: string[] = [];
  readonly cookies: string[] = [];
  readonly query: string[] = [];

  header(name: string): number {
    return slotOf(this.headers, name);
  }

  cookie(name: string): number {
    return slotOf(this.cookies, name);
  }

  queryParam(name: string): number {
    return slotOf(this.query, name);
  }
}

function slotOf(names: string[], name: string): number {
  const at = names.indexOf(name);
  if (at !== -1) return at;
  names.push(name);
  return names.length - 1;
}

export class RequestView {
  input!: MatchInput;
  readonly #headerNames: readonly string[];
  readonly #cookieNames: readonly string[];
  readonly #queryNames: readonly string[];
  readonly #headers: Array<string | null>;
  readonly #cookies: Array<string | undefined>;
  readonly #query: Array<string | null>;
  /** Per slot, the request (#request) its value was read for: a stale stamp means "not read yet". */
  readonly #headerStamps: Int32Array;
  readonly #cookieStamps: Int32Array;
  readonly #queryStamps: Int32Array;
  /** Cookie header slot, or -1 when no route tests a cookie. */
  readonly #cookieHeader: number;
  /** Request counter (starts at 1: stamps start at 0, "never read"). */
  #request = 0;

  constructor(slots: SlotTable) {
    if (slots.cookies.length !== 0) slots.header("cookie");
    this.#headerNames = slots.headers;
    this.#cookieNames = slots.cookies;
    this.#queryNames = slots.query;
    this.#headers = slots.headers.map(() => null);
    this.#cookies = slots.cookies.map(() => undefined);
    this.#query = slots.query.map(() => null);
    this.#headerStamps = new Int32Array(slots.headers.length);
    this.#cookieStamps = new Int32Array(slots.cookies.length);
    this.#queryStamps = new Int32Array(slots.query.length);
    this.#cookieHeader = slots.cookies.length !== 0 ? slots.headers.indexOf("cookie") : -1;
  }

  /** Starts a request: every slot becomes unread (and the previous request's values unreachable through it). */
  begin(input: MatchInput): void {
    this.input = input;
    if (++this.#request === 0x7fffffff) {
      // Once in 2^31 requests: restart the counter so that old stamps cannot collide with it.
      this.#request = 1;
      this.#headerStamps.fill(0);
      this.#cookieStamps.fill(0);
      this.#queryStamps.fill(0);
    }
  }

  header(slot: number): string | null {
    if (this.#headerStamps[slot] === this.#request) return this.#headers[slot]!;
    this.#headerStamps[slot] = this.#request;
    return (this.#headers[slot] = this.input.headers.get(this.#headerNames[slot]!));
  }

  /** The first cookie of that name: from `input.cookies` when the caller parsed them, else from the Cookie header. */
  cookie(slot: number): string | undefined {
    if (this.#cookieStamps[slot] === this.#request) return this.#cookies[slot];
    const name = this.#cookieNames[slot]!;
    const cookies = this.input.cookies;
    const v = cookies !== undefined ? cookies.get(name) : cookieValue(this.header(this.#cookieHeader), name);
    this.#cookieStamps[slot] = this.#request;
    return (this.#cookies[slot] = v);
  }

  query(slot: number): string | null {
    if (this.#queryStamps[slot] === this.#request) return this.#query[slot]!;
    this.#queryStamps[slot] = this.#request;
    return (this.#query[slot] = this.input.query.get(this.#queryNames[slot]!));
  }
}
