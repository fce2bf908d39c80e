/**
 * Schemas that hold others: array, record, strict object, union and discriminated union.
 * An object walk makes one for-in pass over the input (which shape keys are present, any unknown
 * ones), then builds the output in shape order; no Object.entries, no spread. A child's issues get
 * its key prepended only when there are any.
 */
import {
  type AnySchema,
  DefaultSchema,
  type ErrorParam,
  invalidType,
  type KitIssue,
  OptionalSchema,
  type ParseContext,
  PrefaultSchema,
  quote,
  Schema,
  wording,
} from "./core.ts";
import { LiteralSchema, tooBig, tooSmall } from "./primitives.ts";

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Sets an own property even for the key "__proto__" (a pool may be named anything). */
function setKey(o: Record<string, unknown>, k: string, v: unknown): void {
  if (k === "__proto__")
    Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
  else o[k] = v;
}

export class ArraySchema<S extends AnySchema> extends Schema<S["_output"][], S["_input"][]> {
  readonly kind = "array";
  readonly element: S;
  constructor(element: S) {
    super();
    this.element = element;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (!Array.isArray(v)) return invalidType(ctx, "array", v);
    const out = new Array<unknown>(v.length);
    const issues = ctx.issues;
    const element = this.element;
    for (let i = 0; i < v.length; i++) {
      const n0 = issues.length;
      out[i] = element.run(v[i], ctx);
      if (issues.length !== n0) ctx.atKey(n0, i);
    }
    return out;
  }
  min(n: number, param?: ErrorParam): this {
    return this.withCheck(
      (v: unknown[], ctx) => (v.length < n && tooSmall(ctx, "array to have", n, " items", v, param), v),
      { minItems: n },
    );
  }
  max(n: number, param?: ErrorParam): this {
    return this.withCheck(
      (v: unknown[], ctx) => (v.length > n && tooBig(ctx, "array to have", n, " items", v, param), v),
      { maxItems: n },
    );
  }
}

export class RecordSchema<K extends Schema<string, string>, V extends AnySchema> extends Schema<
  Record<K["_output"], V["_output"]>,
  Record<K["_input"], V["_input"]>
> {
  readonly kind = "record";
  readonly key: K;
  readonly value: V;
  constructor(key: K, value: V) {
    super();
    this.key = key;
    this.value = value;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (!isPlainObject(v)) return invalidType(ctx, "record", v);
    const out: Record<string, unknown> = {};
    for (const k in v) {
      const n0 = ctx.issues.length;
      const f0 = ctx.fatal;
      const key = this.key.run(k, ctx) as string;
      if (ctx.issues.length !== n0) {
        // One issue per bad key, at the key, saying what is wrong with it (zod says only "Invalid key in record").
        const why = ctx.issues
          .splice(n0)
          .map((i) => i.message)
          .join("; ");
        ctx.fatal = f0;
        ctx.report("invalid_key", `Invalid key in record: ${why}`, true, [k]);
        continue;
      }
      const n1 = ctx.issues.length;
      setKey(out, key, this.value.run(v[k], ctx));
      if (ctx.issues.length !== n1) ctx.atKey(n1, k);
    }
    return out;
  }
}

export type Shape = Record<string, AnySchema>;
const SKIP = Symbol("skip");
const RUN = Symbol("run");
type Flat<T> = { [K in keyof T]: T[K] } & {};
/** Keys whose value may be undefined become optional (`?:`), as in zod. */
type OptionalKeys<T> = { [K in keyof T]: undefined extends T[K] ? K : never }[keyof T];
type WithOptional<T> = Flat<{ [K in Exclude<keyof T, OptionalKeys<T>>]: T[K] } & { [K in OptionalKeys<T>]?: T[K] }>;
export type ShapeOutput<S extends Shape> = WithOptional<{ [K in keyof S]: S[K]["_output"] }>;
export type ShapeInput<S extends Shape> = WithOptional<{ [K in keyof S]: S[K]["_input"] }>;

export class ObjectSchema<S extends Shape> extends Schema<ShapeOutput<S>, ShapeInput<S>> {
  readonly kind = "object";
  readonly shape: S;
  readonly keys: readonly string[];
  /**
   * Per key, what an ABSENT value yields when that needs no schema call: SKIP for a plain
   * optional, the value itself for a primitive default, else RUN (call the child). Most route
   * fields are absent optionals or defaults, so this saves most calls on the common path.
   */
  readonly absent: readonly unknown[];
  readonly children: readonly AnySchema[];
  /** Key -> bit position, for shapes of up to 31 keys (a bit mask of the keys present). */
  readonly index: ReadonlyMap<string, number> | null;
  /** Per key, the schema that parses a PRESENT value: a wrapper without checks is skipped (optional, default, prefault only act on absence). */
  readonly present: readonly AnySchema[];
  constructor(shape: S) {
    super();
    this.shape = shape;
    this.keys = Object.keys(shape);
    this.children = this.keys.map((k) => shape[k]!);
    this.index = this.keys.length <= 31 ? new Map(this.keys.map((k, i) => [k, i])) : null;
    this.present = this.keys.map((k) => {
      let child = shape[k]!;
      while (
        (child instanceof OptionalSchema || child instanceof DefaultSchema || child instanceof PrefaultSchema) &&
        child.checks.length === 0
      )
        child = child.inner;
      return child;
    });
    this.absent = this.keys.map((k) => {
      const child = shape[k]!;
      if (child.checks.length !== 0) return RUN;
      if (child instanceof OptionalSchema) return SKIP;
      if (child instanceof DefaultSchema && (child.value === null || typeof child.value !== "object"))
        return child.value;
      return RUN;
    });
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (!isPlainObject(v)) return invalidType(ctx, "object", v);
    const { keys, children, absent, present, index } = this;
    // Which shape keys the input has, as bits: one pass over the input's own (few) keys instead of
    // a lookup by name for every key of the shape (a forward action has 13, a route uses 2 or 3).
    let has = 0;
    let unknownKeys = false;
    if (index !== null) {
      for (const k in v) {
        const i = index.get(k);
        if (i === undefined) unknownKeys = true;
        else if (v[k] !== undefined) has |= 1 << i;
      }
    } else has = -1; // more than 31 keys: look each one up
    const out: Record<string, unknown> = {};
    const issues = ctx.issues;
    let count = 0;
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      const x = (has & (1 << i)) === 0 ? undefined : v[k];
      if (x === undefined) {
        const a = absent[i];
        if (a === SKIP) continue;
        if (a !== RUN) {
          out[k] = a;
          continue;
        }
      }
      const n0 = issues.length;
      let r: unknown;
      if (x === undefined) r = children[i]!.run(x, ctx);
      else {
        count++;
        r = present[i]!.run(x, ctx);
      }
      if (issues.length !== n0) ctx.atKey(n0, k);
      if (r !== undefined) out[k] = r;
    }
    if (index === null) {
      let total = 0;
      for (const _ in v) total++;
      unknownKeys = total !== count;
    }
    if (unknownKeys) this.reportUnknown(v, ctx);
    return out;
  }
  private reportUnknown(v: Record<string, unknown>, ctx: ParseContext): void {
    const unknown: string[] = [];
    for (const k in v) if (!Object.hasOwn(this.shape, k)) unknown.push(k);
    if (unknown.length === 0) return; // a known key holding undefined (not from JSON)
    // Continuable, as in zod: the object's own refinements still run.
    const s = unknown.length > 1 ? "s" : "";
    ctx.report("unrecognized_keys", `Unrecognized key${s}: ${unknown.map(quote).join(", ")}`, false);
  }
}

type Options = readonly AnySchema[];

export class UnionSchema<T extends Options> extends Schema<T[number]["_output"], T[number]["_input"]> {
  readonly kind = "union";
  readonly options: T;
  readonly param: ErrorParam | undefined;
  constructor(options: T, param?: ErrorParam) {
    super();
    this.options = options;
    this.param = param;
  }
  /**
   * The first option without issues wins. Otherwise, if exactly one option got past its type
   * checks (only continuable issues), its issues are the useful ones (zod 4 does the same);
   * else one "invalid_union" issue. Issue objects are made only for options that fail.
   */
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    const n0 = ctx.issues.length;
    const f0 = ctx.fatal;
    let usable: { issues: KitIssue[]; out: unknown } | undefined;
    let usableCount = 0;
    for (const option of this.options) {
      const out = option.run(v, ctx);
      if (ctx.issues.length === n0) return out;
      const issues = ctx.issues.splice(n0);
      if (ctx.fatal === f0 && usableCount++ === 0) usable = { issues, out };
      ctx.fatal = f0;
    }
    if (usableCount === 1) {
      ctx.issues.push(...usable!.issues);
      return usable!.out;
    }
    ctx.report("invalid_union", wording(this.param, "Invalid input", "invalid_union", v), true);
    return undefined;
  }
}

export class DiscriminatedUnionSchema<T extends readonly ObjectSchema<Shape>[]> extends Schema<
  T[number]["_output"],
  T[number]["_input"]
> {
  readonly kind = "discriminatedUnion";
  readonly discriminator: string;
  readonly options: T;
  readonly byValue: ReadonlyMap<unknown, ObjectSchema<Shape>>;
  constructor(discriminator: string, options: T) {
    super();
    this.discriminator = discriminator;
    this.options = options;
    const byValue = new Map<unknown, ObjectSchema<Shape>>();
    for (const o of options) {
      const d = o.shape[discriminator];
      if (!(d instanceof LiteralSchema))
        throw new Error(`discriminatedUnion: option without a literal "${discriminator}"`);
      byValue.set(d.value, o);
    }
    this.byValue = byValue;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (!isPlainObject(v)) return invalidType(ctx, "object", v);
    const option = this.byValue.get(v[this.discriminator]);
    if (option !== undefined) return option.run(v, ctx);
    const expected = [...this.byValue.keys()].map((k) => (typeof k === "string" ? `'${k}'` : String(k))).join(" | ");
    ctx.report("invalid_union", `Invalid discriminator value. Expected ${expected}`, true, [this.discriminator]);
    return undefined;
  }
}
