/**
 * The schema kit's core: a zod-like combinator base without eval or `new Function` (workerd
 * forbids both), built for the valid path of a 10,000-route table. Validators are plain methods
 * on schema objects built once at module load; a parse allocates only its output, and issue
 * objects only when something is wrong. Semantics follow zod 4 where users can see them:
 * issue order, messages, and which checks still run after an earlier problem (see `fatal`).
 */
import {
  type Check,
  type ErrorParam,
  type JsonFragment,
  ParseContext,
  type RefinementCtx,
  type SafeParseResult,
  SchemaError,
  wording,
} from "./context.ts";

export * from "./context.ts";

type NoUndefined<T> = T extends undefined ? never : T;

export abstract class Schema<O = unknown, I = O> {
  /** Type-level only (z.infer / z.input); never set at run time. */
  declare readonly _output: O;
  declare readonly _input: I;
  /** Discriminates the node for toJSONSchema and discriminatedUnion. */
  abstract readonly kind: string;
  checks: readonly Check[] = [];
  json: readonly JsonFragment[] = [];
  metadata: Record<string, unknown> | undefined;

  /** The type test and structural walk; returns the output (meaningless once a fatal issue was reported). */
  protected abstract parseType(v: unknown, ctx: ParseContext): unknown;

  run(v: unknown, ctx: ParseContext): unknown {
    const checks = this.checks;
    if (checks.length === 0) return this.parseType(v, ctx);
    const f0 = ctx.fatal;
    let out = this.parseType(v, ctx);
    for (let i = 0; i < checks.length && ctx.fatal === f0; i++) out = checks[i]!(out, ctx);
    return out;
  }

  /** A copy of this schema (same class) with one more check; schemas are immutable once built. */
  protected withCheck(check: Check, json?: JsonFragment): this {
    const c = this.clone();
    c.checks = [...this.checks, check];
    if (json !== undefined) c.json = [...this.json, json];
    return c;
  }

  protected clone(): this {
    return Object.assign(Object.create(Object.getPrototypeOf(this) as object) as this, this);
  }

  // No describe(): descriptions are for the JSON Schema only and stay out of the worker bundle (docs.ts).

  /** Extra JSON Schema keywords for this node (e.g. `oneOf` stating an exactly-one rule). */
  meta(metadata: Record<string, unknown>): this {
    const c = this.clone();
    c.metadata = { ...this.metadata, ...metadata };
    return c;
  }

  refine(test: (value: O) => unknown, param?: ErrorParam): this {
    const sub = typeof param === "object" ? param.path : undefined;
    return this.withCheck((v, ctx) => {
      if (!test(v)) ctx.report("custom", wording(param, "Invalid input", "custom", v), false, sub);
      return v;
    });
  }

  /** The callback reports through `ctx.addIssue` (paths relative to this value); the parse context itself is passed, so no allocation per call. */
  superRefine(refinement: (value: O, ctx: RefinementCtx) => void): this {
    return this.withCheck((v, ctx) => {
      refinement(v as O, ctx);
      return v;
    });
  }

  optional(): OptionalSchema<this> {
    return new OptionalSchema(this);
  }

  default(value: NoUndefined<O>): DefaultSchema<this> {
    return new DefaultSchema(this, value);
  }

  /** Like default, but the value is parsed (its own defaults apply): zod 4's prefault. */
  prefault(value: I): PrefaultSchema<this> {
    return new PrefaultSchema(this, value);
  }

  transform<N>(fn: (value: O) => N): TransformSchema<this, N> {
    return new TransformSchema(this, fn as (value: unknown) => N);
  }

  safeParse(input: unknown): SafeParseResult<O> {
    const ctx = new ParseContext();
    const data = this.run(input, ctx) as O;
    return ctx.issues.length === 0 ? { success: true, data } : { success: false, error: new SchemaError(ctx.issues) };
  }

  parse(input: unknown): O {
    const r = this.safeParse(input);
    if (!r.success) throw r.error;
    return r.data;
  }
}

export type AnySchema = Schema<any, any>;

/** Wrappers that pass a value through to `inner` (optional, default, prefault, transform). */
export abstract class WrapperSchema<S extends AnySchema, O, I> extends Schema<O, I> {
  readonly inner: S;
  constructor(inner: S) {
    super();
    this.inner = inner;
  }
}

export class OptionalSchema<S extends AnySchema> extends WrapperSchema<
  S,
  S["_output"] | undefined,
  S["_input"] | undefined
> {
  readonly kind = "optional";
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    return v === undefined ? undefined : this.inner.run(v, ctx);
  }
}

/** A fresh copy for each parse, so no two parsed documents share a default object or array. */
const copyOf = (v: unknown): unknown =>
  Array.isArray(v) ? v.slice() : v !== null && typeof v === "object" ? { ...v } : v;

export class DefaultSchema<S extends AnySchema> extends WrapperSchema<
  S,
  NoUndefined<S["_output"]>,
  S["_input"] | undefined
> {
  readonly kind = "default";
  readonly value: unknown;
  constructor(inner: S, value: unknown) {
    super(inner);
    this.value = value;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    return v === undefined ? copyOf(this.value) : this.inner.run(v, ctx);
  }
}

/** Freezes a parsed value and everything in it (plain objects and arrays). */
function deepFreeze<T>(v: T): T {
  if (v !== null && typeof v === "object" && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const k in v) deepFreeze((v as Record<string, unknown>)[k]);
  }
  return v;
}

export class PrefaultSchema<S extends AnySchema> extends WrapperSchema<
  S,
  NoUndefined<S["_output"]>,
  S["_input"] | undefined
> {
  readonly kind = "prefault";
  readonly value: unknown;
  /**
   * The parsed default, computed on first use and deep-frozen: every later absent value gets
   * this same object instead of a fresh validation and fresh allocations (a route without
   * `retry` or `match` is the common case, 10,000 times over). Parsed documents are treated
   * as immutable (they are compiled, never edited); a write to a shared default throws.
   */
  parsedDefault: { out: unknown } | undefined = undefined;
  constructor(inner: S, value: unknown) {
    super(inner);
    this.value = value;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    if (v !== undefined) return this.inner.run(v, ctx);
    if (this.parsedDefault !== undefined) return this.parsedDefault.out;
    const n0 = ctx.issues.length;
    const out = this.inner.run(copyOf(this.value), ctx);
    if (ctx.issues.length !== n0) return out;
    this.parsedDefault = { out: deepFreeze(out) };
    return out;
  }
}

export class TransformSchema<S extends AnySchema, N> extends WrapperSchema<S, N, S["_input"]> {
  readonly kind = "transform";
  readonly fn: (value: unknown) => N;
  constructor(inner: S, fn: (value: unknown) => N) {
    super(inner);
    this.fn = fn;
  }
  protected parseType(v: unknown, ctx: ParseContext): unknown {
    const n0 = ctx.issues.length;
    const out = this.inner.run(v, ctx);
    if (ctx.issues.length === n0) return this.fn(out);
    ctx.fatal++; // as zod's pipe: any problem before a transform makes the value unusable
    return undefined;
  }
}
