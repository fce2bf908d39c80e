import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeFields } from "../../src/schema/kit/docs.ts";
import * as z from "../../src/schema/kit/index.ts";

/** "path: message" lines, the path joined with dots as zod users know it. */
function issues(schema: z.Schema<unknown, unknown>, input: unknown): string[] {
  const r = schema.safeParse(input);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("schema kit: zod 4 wording and paths", () => {
  it("type errors name what was expected and what was received", () => {
    const s = z.strictObject({ a: z.string(), b: z.number(), c: z.boolean(), d: z.array(z.string()) });
    expect(issues(s, { a: 1, b: "1", c: null, d: {} })).toEqual([
      "a: Invalid input: expected string, received number",
      "b: Invalid input: expected number, received string",
      "c: Invalid input: expected boolean, received null",
      "d: Invalid input: expected array, received object",
    ]);
    expect(issues(s, [])).toEqual([": Invalid input: expected object, received array"]);
    expect(issues(z.number(), Number.NaN)).toEqual([": Invalid input: expected number, received NaN"]);
  });

  it("bounds, patterns, enums and literals", () => {
    expect(issues(z.string().min(2).regex(/^a$/), "b")).toEqual([
      ": Too small: expected string to have >=2 characters",
      ": Invalid string: must match pattern /^a$/",
    ]);
    expect(issues(z.array(z.string()).min(1), [])).toEqual([": Too small: expected array to have >=1 items"]);
    expect(issues(z.number().int().max(5), 6)).toEqual([": Too big: expected number to be <=5"]);
    // Not an integer is a type error: the bound is not checked after it.
    expect(issues(z.number().int().min(3), 1.5)).toEqual([": Invalid input: expected int, received number"]);
    expect(issues(z.enum(["a", "b"]), "c")).toEqual([': Invalid option: expected one of "a"|"b"']);
    expect(issues(z.literal(301), 300)).toEqual([": Invalid input: expected 301"]);
    expect(issues(z.string().startsWith("/"), "a")).toEqual([': Invalid string: must start with "/"']);
    expect(issues(z.string().regex(/^x$/, "custom words"), "y")).toEqual([": custom words"]);
  });

  it("unknown keys of a strict object are named; its refinements still run", () => {
    const s = z.strictObject({ a: z.string() }).refine((v) => v.a !== "no", { error: "a must not be no", path: ["a"] });
    expect(issues(s, { a: "no", b: 1, "c d": 2 })).toEqual([': Unrecognized keys: "b", "c d"', "a: a must not be no"]);
  });

  it("refinements run after continuable issues, not after type errors", () => {
    const s = z.strictObject({ a: z.string().min(3), b: z.number() }).refine(() => false, "whole object");
    expect(issues(s, { a: "x", b: 1 })).toEqual([
      "a: Too small: expected string to have >=3 characters",
      ": whole object",
    ]);
    expect(issues(s, { a: "x" })).toEqual([
      "a: Too small: expected string to have >=3 characters",
      "b: Invalid input: expected number, received undefined",
    ]);
  });

  it("superRefine issues carry paths relative to the refined value, nested under their parents", () => {
    const inner = z.string().superRefine((_v, ctx) => {
      ctx.addIssue({ code: "custom", message: "one" });
      ctx.addIssue({ code: "custom", message: "two", path: ["x", 1] });
    });
    expect(issues(z.strictObject({ list: z.array(inner) }), { list: ["ok", "v"] })).toEqual([
      "list.0: one",
      "list.0.x.1: two",
      "list.1: one",
      "list.1.x.1: two",
    ]);
  });

  it("unions: the one option that got past its type check speaks; otherwise one union issue", () => {
    const status = z.union([z.number().int().min(100), z.string().regex(/^[1-5]xx$/, { error: "a class like 2xx" })]);
    expect(issues(status, "abc")).toEqual([": a class like 2xx"]);
    expect(issues(status, 5)).toEqual([": Too small: expected number to be >=100"]);
    expect(issues(status, true)).toEqual([": Invalid input"]);
    expect(issues(z.union([z.literal(1), z.literal(2)], { error: "one or two" }), 3)).toEqual([": one or two"]);
    // A transform makes any earlier problem fatal (zod's pipe), so the union's own message applies.
    const retryOn = z.union(
      [
        z.enum(["reset"]),
        z
          .string()
          .regex(/^5\d\d$/)
          .transform(Number),
      ],
      { error: "reset or 5xx code" },
    );
    expect(retryOn.parse("503")).toBe(503);
    expect(issues(retryOn, "sometimes")).toEqual([": reset or 5xx code"]);
  });

  it("discriminated unions pick by the discriminator and name it when unknown", () => {
    const s = z.discriminatedUnion("type", [
      z.strictObject({ type: z.literal("a") }),
      z.strictObject({ type: z.literal("b"), x: z.number() }),
    ]);
    expect(issues(s, { type: "c" })).toEqual(["type: Invalid discriminator value. Expected 'a' | 'b'"]);
    expect(issues(s, { type: "b" })).toEqual(["x: Invalid input: expected number, received undefined"]);
    expect(s.parse({ type: "b", x: 1 })).toEqual({ type: "b", x: 1 });
  });

  it("records check keys and values at the key's path", () => {
    const s = z.record(z.string().min(1), z.number());
    expect(issues(s, { "": 1, a: "x" })).toEqual([
      ": Invalid key in record: Too small: expected string to have >=1 characters",
      "a: Invalid input: expected number, received string",
    ]);
    // A key named __proto__ is an own property of the output, not a prototype change.
    const out = s.parse(JSON.parse('{"__proto__": 5}'));
    expect(Object.hasOwn(out, "__proto__")).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
  });
});

describe("schema kit: defaults, transforms, formats", () => {
  it("default gives a fresh copy each time; prefault parses its value once and shares it frozen", () => {
    const d = z.strictObject({
      list: z.array(z.string()).default([]),
      opts: z.strictObject({ n: z.number().default(1) }).prefault({}),
    });
    const a = d.parse({});
    const b = d.parse({});
    expect(a).toEqual({ list: [], opts: { n: 1 } });
    expect(a.list).not.toBe(b.list);
    expect(a.opts).toBe(b.opts);
    expect(Object.isFrozen(a.opts)).toBe(true);
    expect(d.parse({ opts: { n: 2 } }).opts).toEqual({ n: 2 });
  });

  it("case transforms apply in order with the checks around them", () => {
    expect(
      z
        .string()
        .toLowerCase()
        .regex(/^[a-z]+$/)
        .parse("ABC"),
    ).toBe("abc");
    expect(
      issues(
        z
          .string()
          .regex(/^[a-z]+$/)
          .toLowerCase(),
        "ABC",
      ),
    ).toHaveLength(1);
    expect(z.array(z.string().toUpperCase()).parse(["get"])).toEqual(["GET"]);
  });

  it("url: http(s) only, trimmed, no scheme-relative repair; ipv4/ipv6", () => {
    const u = z.url({ protocol: /^https?$/, error: "http(s) URL please" });
    expect(u.parse(" http://x/a ")).toBe("http://x/a");
    expect(u.parse("http://[::1]:8080/a")).toBe("http://[::1]:8080/a");
    for (const bad of ["ftp://x", "http:/x", "http://x y", 5]) expect(issues(u, bad)).toEqual([": http(s) URL please"]);
    expect(z.ipv4().safeParse("10.0.0.256").success).toBe(false);
    expect(z.ipv6().safeParse("2001:db8::1").success).toBe(true);
    expect(z.ipv6().safeParse("2001:db8:::1").success).toBe(false);
  });

  it("parse throws a SchemaError with a stable code and every issue", () => {
    expect(() => z.number().parse("x")).toThrow(
      expect.objectContaining({
        code: "ERR_SCHEMA_INVALID",
        issues: [expect.objectContaining({ code: "invalid_type" })],
      }),
    );
  });
});

describe("schema kit: JSON Schema", () => {
  it("describes what authors write: defaults optional, descriptions, enums, strict objects, oneOf meta", () => {
    const s = z
      .strictObject({
        name: z.string().min(1),
        mode: z.enum(["a", "b"]).default("a"),
        n: z.number().int().min(0),
        code: z.union([z.literal(301), z.literal(302)]).optional(),
        path: z
          .string()
          .startsWith("/")
          .regex(/^[^\s]*$/),
      })
      .meta({ oneOf: [{ required: ["name"] }] });
    describeFields(s, { name: "who" });
    expect(z.toJSONSchema(s)).toEqual({
      $schema: "https://json-schema.org/draft/2020-12/schema",
      type: "object",
      properties: {
        name: { type: "string", minLength: 1, description: "who" },
        mode: { default: "a", type: "string", enum: ["a", "b"] },
        n: { type: "integer", minimum: 0, maximum: Number.MAX_SAFE_INTEGER },
        code: {
          anyOf: [
            { type: "number", const: 301 },
            { type: "number", const: 302 },
          ],
        },
        path: { type: "string", allOf: [{ pattern: "^\\/.*" }, { pattern: "^[^\\s]*$" }] },
      },
      required: ["name", "n", "path"],
      additionalProperties: false,
      oneOf: [{ required: ["name"] }],
    });
  });
});

it("the kit never evaluates code (workerd forbids eval and new Function)", () => {
  const dir = "src/schema/kit/"; // tests run from the repository root
  for (const f of readdirSync(dir)) {
    const src = readFileSync(dir + f, "utf8");
    expect(src, f).not.toMatch(/new Function\s*\(|\beval\s*\(/);
  }
});
