/**
 * Issues and the per-parse context of the schema kit: how problems are recorded, located and
 * worded (zod 4's default wording unless a schema gives its own).
 */

/** One problem, located relative to the value given to parse (`["routes", 3, "match"]`). */
export interface KitIssue {
  code: string;
  path: (string | number)[];
  message: string;
}

/** What a custom `error` function is told about the issue it words. */
export interface IssueInfo {
  code: string;
  input: unknown;
}

export type ErrorParam =
  | string
  | {
      error?: string | ((iss: IssueInfo) => string);
      message?: string;
      path?: (string | number)[];
    };

/** `z.RefinementCtx`: what a superRefine callback may do. */
export interface RefinementCtx {
  addIssue(issue: { code?: string; message?: string; path?: (string | number)[] }): void;
}

/**
 * Per-parse state. An issue's path starts relative to the schema that reports it; each enclosing
 * array, object or record prepends its key on the way out (`atKey`), so the valid path keeps no
 * path stack at all. `fatal` counts issues after which the value is not of its type (zod's
 * "aborted": wrong type, unknown discriminator, failed union, a non-integer); refinements of an
 * enclosing schema are skipped then, but still run after continuable issues (min, regex, refine).
 */
export class ParseContext implements RefinementCtx {
  readonly issues: KitIssue[] = [];
  fatal = 0;

  report(code: string, message: string, fatal: boolean, sub?: readonly (string | number)[]): void {
    this.issues.push({ code, path: sub === undefined ? [] : sub.slice(), message });
    if (fatal) this.fatal++;
  }

  /** Prepends `key` to the paths of the issues reported since index `from` (a child's issues). */
  atKey(from: number, key: string | number): void {
    const issues = this.issues;
    for (let i = from; i < issues.length; i++) issues[i]!.path.unshift(key);
  }

  addIssue(issue: { code?: string; message?: string; path?: (string | number)[] }): void {
    this.report(issue.code ?? "custom", issue.message ?? "Invalid input", false, issue.path);
  }
}

/** The message for an issue: the schema's custom `error`/`message` if any, else zod's default wording. */
export function wording(param: ErrorParam | undefined, fallback: string, code: string, input: unknown): string {
  if (param === undefined) return fallback;
  if (typeof param === "string") return param;
  const e = param.error ?? param.message;
  if (e === undefined) return fallback;
  return typeof e === "string" ? e : e({ code, input });
}

/** zod's name for a value's type in "expected X, received Y". */
export function typeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "number") return Number.isNaN(v) ? "NaN" : Number.isFinite(v) ? "number" : "Infinity";
  return typeof v;
}

export function invalidType(ctx: ParseContext, expected: string, v: unknown, param?: ErrorParam): void {
  ctx.report(
    "invalid_type",
    wording(param, `Invalid input: expected ${expected}, received ${typeName(v)}`, "invalid_type", v),
    true,
  );
}

/** zod's quoting of a literal in messages: strings in double quotes, other primitives bare. */
export const quote = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

/** A check runs after the type parse (and after earlier checks); it returns the value, possibly rewritten (toLowerCase). */
export type Check = (value: any, ctx: ParseContext) => unknown;

/** JSON Schema keywords a check contributes (minLength, pattern, ...), merged by toJSONSchema. */
export type JsonFragment = Record<string, unknown>;

export class SchemaError extends Error {
  readonly code = "ERR_SCHEMA_INVALID";
  readonly issues: KitIssue[];
  constructor(issues: KitIssue[]) {
    super(issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("\n"));
    this.name = "SchemaError";
    this.issues = issues;
  }
}

export type SafeParseResult<O> =
  | { success: true; data: O; error?: undefined }
  | { success: false; data?: undefined; error: SchemaError };
