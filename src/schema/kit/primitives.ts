/**
 * Leaf schemas: string (with length, pattern, prefix, case and format checks), number, boolean,
 * literal and enum. Messages are zod 4's default wording unless the schema gives its own.
 */
import { type ErrorParam, invalidType, type ParseContext, quote, Schema, wording } from "./core.ts";

/** `what` is zod's phrase: "string to have", "number to be"; `unit` follows the bound ("characters", "items"). */
export const tooSmall = (ctx: ParseContext, what: string, min: number, unit: string, v: unknown, param?: ErrorParam) =>
  ctx.report("too_small", wording(param, `Too small: expected ${what} >=${min}${unit}`, "too_small", v), false);
export const tooBig = (ctx: ParseContext, what: string, max: number, unit: string, v: unknown, param?: ErrorParam) =>
  ctx.report("too_big", wording(param, `Too big: expected ${what} <=${max}${unit}`, "too_big", v), false);
const badFormat = (ctx: ParseContext, fallback: string, v: unknown, param?: ErrorParam) =>
  ctx.report("invalid_format", wording(param, fallback, "invalid_format", v), false);

/** zod's JSON Schema rendering of startsWith: a pattern with the prefix escaped. */
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");

export class StringSchema extends Schema<string> {
  readonly kind = "string";
  /** JSON Schema `format` (uri, ipv4, ipv6) when this string is a format. */
  format: string | undefined;
  /** A format's custom error also words the type error (as zod's z.url({ error })). */
  typeParam: ErrorParam | undefined;

  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (typeof v !== "string") invalidType(ctx, "string", v, this.typeParam);
    return v;
  }
  min(n: number, param?: ErrorParam): this {
    return this.withCheck(
      (v: string, ctx) => (v.length < n && tooSmall(ctx, "string to have", n, " characters", v, param), v),
      { minLength: n },
    );
  }
  max(n: number, param?: ErrorParam): this {
    return this.withCheck(
      (v: string, ctx) => (v.length > n && tooBig(ctx, "string to have", n, " characters", v, param), v),
      { maxLength: n },
    );
  }
  regex(re: RegExp, param?: ErrorParam): this {
    // A g or y flag would make test() stateful; none of our patterns use them, and we refuse them here.
    if (re.global || re.sticky) throw new Error(`schema regex ${re} must not use the g or y flag`);
    return this.withCheck(
      (v: string, ctx) => (re.test(v) || badFormat(ctx, `Invalid string: must match pattern ${re}`, v, param), v),
      { pattern: re.source },
    );
  }
  startsWith(prefix: string, param?: ErrorParam): this {
    return this.withCheck(
      (v: string, ctx) => (
        v.startsWith(prefix) || badFormat(ctx, `Invalid string: must start with ${quote(prefix)}`, v, param), v
      ),
      { pattern: `^${escapeRegex(prefix)}.*` },
    );
  }
  toLowerCase(): this {
    return this.withCheck((v: string) => v.toLowerCase());
  }
  toUpperCase(): this {
    return this.withCheck((v: string) => v.toUpperCase());
  }
  /** A format check (url, ipv4, ipv6): `test` returns the value to keep, or undefined when invalid. */
  withFormat(format: string, label: string, test: (v: string) => string | undefined, param?: ErrorParam): this {
    const c = this.withCheck((v: string, ctx) => {
      const out = test(v);
      if (out === undefined) badFormat(ctx, `Invalid ${label}`, v, param);
      return out ?? v;
    });
    c.format = format;
    if (param !== undefined && typeof param === "object") c.typeParam = param;
    return c;
  }
}

export class NumberSchema extends Schema<number> {
  readonly kind = "number";
  isInt = false;

  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (typeof v !== "number" || !Number.isFinite(v)) invalidType(ctx, "number", v);
    return v;
  }
  int(): this {
    const c = this.withCheck((v: number, ctx) => {
      // Not an integer is a type error in zod 4 (later checks such as min do not run).
      if (!Number.isInteger(v)) ctx.report("invalid_type", "Invalid input: expected int, received number", true);
      else if (!Number.isSafeInteger(v)) tooBig(ctx, "int to be", Number.MAX_SAFE_INTEGER, "", v);
      return v;
    });
    c.isInt = true;
    return c;
  }
  min(n: number, param?: ErrorParam): this {
    return this.withCheck((v: number, ctx) => (v < n && tooSmall(ctx, "number to be", n, "", v, param), v), {
      minimum: n,
    });
  }
  max(n: number, param?: ErrorParam): this {
    return this.withCheck((v: number, ctx) => (v > n && tooBig(ctx, "number to be", n, "", v, param), v), {
      maximum: n,
    });
  }
}

export class BooleanSchema extends Schema<boolean> {
  readonly kind = "boolean";
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (typeof v !== "boolean") invalidType(ctx, "boolean", v);
    return v;
  }
}

export type Primitive = string | number | boolean;

export class LiteralSchema<T extends Primitive> extends Schema<T> {
  readonly kind = "literal";
  readonly value: T;
  readonly param: ErrorParam | undefined;
  constructor(value: T, param?: ErrorParam) {
    super();
    this.value = value;
    this.param = param;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (v !== this.value)
      ctx.report(
        "invalid_value",
        wording(this.param, `Invalid input: expected ${quote(this.value)}`, "invalid_value", v),
        true,
      );
    return v;
  }
}

export class EnumSchema<T extends string> extends Schema<T> {
  readonly kind = "enum";
  readonly options: readonly T[];
  readonly set: ReadonlySet<unknown>; // a plain field: schemas are cloned with Object.assign
  readonly param: ErrorParam | undefined;
  constructor(options: readonly T[], param?: ErrorParam) {
    super();
    this.options = options;
    this.set = new Set(options);
    this.param = param;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (!this.set.has(v)) {
      const fallback = `Invalid option: expected one of ${this.options.map(quote).join("|")}`;
      ctx.report("invalid_value", wording(this.param, fallback, "invalid_value", v), true);
    }
    return v;
  }
}
