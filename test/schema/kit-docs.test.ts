import { describe, expect, it } from "vitest";
import { describeFields, describeSchema, unreadDescriptions } from "../../src/schema/kit/docs.ts";
import * as z from "../../src/schema/kit/index.ts";

type Json = Record<string, any>;
const props = (s: z.Schema<any>): Json => (z.toJSONSchema(s) as Json).properties;

describe("schema kit: descriptions kept beside the schema (docs.ts)", () => {
  it("describes fields of an object and of its refined copies (they share the shape)", () => {
    const base = z.strictObject({ a: z.string(), b: z.number().default(1) });
    const refined = base.refine(() => true);
    describeFields(base, { a: "the a", b: "the b" });
    expect(props(refined).a).toEqual({ type: "string", description: "the a" });
    // A wrapper's description comes before its inner keys, after a default (zod's key order).
    expect(Object.keys(props(refined).b)).toEqual(["default", "description", "type"]);
  });

  it("follows dotted paths through wrappers, array items and the one union option that has the field", () => {
    const s = z.strictObject({
      budget: z.strictObject({ percent: z.number().default(20) }).prefault({}),
      keys: z.array(z.strictObject({ name: z.string() })),
      source: z.union([z.strictObject({ header: z.string() }), z.strictObject({ vendor: z.string() })]),
    });
    describeFields(s, { budget: "b", "budget.percent": "p", "keys.name": "n", "source.vendor": "v" });
    const p = props(s);
    expect([p.budget.description, p.budget.properties.percent.description]).toEqual(["b", "p"]);
    expect(p.keys.items.properties.name.description).toBe("n");
    expect(p.source.anyOf[1].properties.vendor.description).toBe("v");
    expect(p.source.anyOf[0].properties.header.description).toBeUndefined();
  });

  it("describes a bag of fields in every object that spreads it", () => {
    const Fields = { ttl: z.number().optional() };
    const A = z.strictObject({ ...Fields });
    const B = z.strictObject({ type: z.literal("b"), ...Fields });
    describeFields(Fields, { ttl: "seconds" });
    expect([props(A).ttl.description, props(B).ttl.description]).toEqual(["seconds", "seconds"]);
  });

  it("gives a schema its own description wherever it is used, unless the field has one", () => {
    const Name = z.string().min(1);
    describeSchema(Name, "a name");
    const s = z.strictObject({ plain: Name, maybe: Name.optional(), own: Name });
    describeFields(s, { own: "this field's own" });
    const p = props(s);
    expect([p.plain.description, p.maybe.description, p.own.description]).toEqual([
      "a name",
      "a name",
      "this field's own",
    ]);
  });

  it("refuses a path that names no field or two, and a second text for the same field or schema", () => {
    const s = z.strictObject({
      a: z.string(),
      u: z.union([z.strictObject({ name: z.string() }), z.strictObject({ name: z.number() })]),
    });
    expect(() => describeFields(s, { missing: "x" })).toThrow(/no field "missing"/);
    expect(() => describeFields(s, { "a.b": "x" })).toThrow(/no field "b"/);
    expect(() => describeFields(s, { "u.name": "x" })).toThrow(/more than one field "name"/);
    describeFields(s, { a: "first" });
    expect(() =>
      describeFields(
        s.refine(() => true),
        { a: "second" },
      ),
    ).toThrow(/already described/);
    const t = z.boolean();
    describeSchema(t, "once");
    expect(() => describeSchema(t, "twice")).toThrow(/already described/);
  });

  it("lists the texts no JSON Schema has used (stale)", () => {
    const orphan = z.strictObject({ x: z.string() });
    describeFields(orphan, { x: "describes nothing anyone renders" });
    expect(unreadDescriptions()).toContain('field "x": describes nothing anyone renders');
    z.toJSONSchema(orphan);
    expect(unreadDescriptions()).not.toContain('field "x": describes nothing anyone renders');
  });
});
