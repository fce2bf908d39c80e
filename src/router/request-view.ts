/**
 * What the conditions of one virtual host read from a request, each read at most once per request.
 * At compile time every distinct header, cookie and query name that some route of the host tests
 * gets a slot; per request, a slot is filled on first use and reused by every later candidate
 * (a `Headers.get` is a call into the runtime, the Cookie header is scanned once per cookie name).
 * One view per virtual host, reused across requests: match() is synchronous and never re-entered.
 */

import { cookieValue } from "./cookies.ts";
import type { MatchInput } from "./types.ts";

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

/** Marks a slot not read yet for this request (never a real value). */
const UNREAD = Symbol("unread");

export class RequestView {
  input!: MatchInput;
  /** What to read per slot: header slots first, then cookie slots, then query slots. */
  readonly #names: readonly string[];
  /** Values of the current request by slot (UNREAD until read). */
  readonly #values: Array<string | null | undefined | typeof UNREAD>;
  readonly #cookieBase: number;
  readonly #queryBase: number;
  /** Cookie header slot, or -1 when no route tests a cookie. */
  readonly #cookieHeader: number;
  /** Some slot was read since begin(). */
  #dirty = false;

  constructor(slots: SlotTable) {
    if (slots.cookies.length !== 0) slots.header("cookie");
    this.#names = [...slots.headers, ...slots.cookies, ...slots.query];
    this.#values = this.#names.map(() => UNREAD);
    this.#cookieBase = slots.headers.length;
    this.#queryBase = slots.headers.length + slots.cookies.length;
    this.#cookieHeader = slots.cookies.length !== 0 ? slots.headers.indexOf("cookie") : -1;
  }

  /** Starts a request: every slot becomes unread (a few stores, only after a request that read any). */
  begin(input: MatchInput): void {
    this.input = input;
    if (!this.#dirty) return;
    this.#dirty = false;
    const values = this.#values;
    for (let i = 0; i < values.length; i++) values[i] = UNREAD;
  }

  header(slot: number): string | null {
    const v = this.#values[slot];
    if (v !== UNREAD) return v as string | null;
    this.#dirty = true;
    return (this.#values[slot] = this.input.headers.get(this.#names[slot]!));
  }

  /** The first cookie of that name: from `input.cookies` when the caller parsed them, else from the Cookie header. */
  cookie(slot: number): string | undefined {
    const at = this.#cookieBase + slot;
    const v = this.#values[at];
    if (v !== UNREAD) return v as string | undefined;
    const name = this.#names[at]!;
    const cookies = this.input.cookies;
    const value = cookies !== undefined ? cookies.get(name) : cookieValue(this.header(this.#cookieHeader), name);
    this.#dirty = true;
    return (this.#values[at] = value);
  }

  query(slot: number): string | null {
    const at = this.#queryBase + slot;
    const v = this.#values[at];
    if (v !== UNREAD) return v as string | null;
    this.#dirty = true;
    return (this.#values[at] = this.input.query.get(this.#names[at]!));
  }
}
