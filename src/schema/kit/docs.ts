/**
 * Descriptions for the JSON Schema (schema/edge-config.schema.json, `npm run schema`), written next
 * to the schema they describe but kept out of the worker bundle, which never reads them (about 7k
 * gzipped). Every call site is marked `/* @__PURE__ *\/`, so the bundler (esbuild, in wrangler and
 * the CLI build) drops the call and its strings as unused, while Node (tests, `npm run schema`)
 * runs it and records the texts here for toJSONSchema. A call without the mark ships its text
 * again: test/deploy/wrangler.test.ts checks that the worker bundle carries no description.
 *
 *   /* @__PURE__ *\/ describeFields(PoolSchema, { origins: "…", "balance.policy": "…" });
 *   /* @__PURE__ *\/ describeSchema(SafeRegexString, "…");
 */
import {
  ArraySchema,
  DiscriminatedUnionSchema,
  ObjectSchema,
  RecordSchema,
  type Shape,
  UnionSchema,
} from "./composites.ts";
import { type AnySchema, Schema, WrapperSchema } from "./core.ts";

interface Text {
  readonly text: string;
  /** What the text describes, for messages. */
  readonly label: string;
  /** Whether toJSONSchema has used it (a test finds texts that describe nothing). */
  read: boolean;
}

/** Per object shape (an object and its refined copies share it): field name -> description. */
const fieldTexts = new Map<Shape, Map<string, Text>>();
/** A schema's own description, wherever it is used (a field's description replaces it there). */
const schemaTexts = new Map<AnySchema, Text>();

function add<K>(texts: Map<K, Text>, key: K, text: string, label: string): void {
  const before = texts.get(key);
  if (before !== undefined) throw new Error(`schema docs: ${label} is already described as ${before.label}`);
  texts.set(key, { text, label, read: false });
}

/** The objects a value of `s` may be: through optional/default/prefault/transform, array items, record values and union options. */
function objectsIn(s: AnySchema): ObjectSchema<Shape>[] {
  if (s instanceof WrapperSchema) return objectsIn(s.inner);
  if (s instanceof ArraySchema) return objectsIn(s.element);
  if (s instanceof RecordSchema) return objectsIn(s.value);
  if (s instanceof ObjectSchema) return [s];
  if (s instanceof UnionSchema || s instanceof DiscriminatedUnionSchema) return s.options.flatMap(objectsIn);
  return [];
}

/**
 * Describes fields of an object schema, or of a bag of fields spread into object schemas (then in
 * every object that spreads it). A key is a field name or a dotted path into nested objects
 * (`"budget.percent"`: through optional/default wrappers, array items and union options); each step
 * must name exactly one field. Mark the call `/* @__PURE__ *\/` (see above).
 */
export function describeFields(target: AnySchema | Shape, texts: Readonly<Record<string, string>>): void {
  for (const [path, text] of Object.entries(texts)) {
    const label = `field "${path}"`;
    const steps = path.split(".");
    let containers = target instanceof Schema ? objectsIn(target).map((o) => o.shape) : [target];
    for (const [i, step] of steps.entries()) {
      const having = containers.filter((c) => Object.hasOwn(c, step));
      if (having.length !== 1)
        throw new Error(`schema docs: ${label}: ${having.length === 0 ? "no" : "more than one"} field "${step}"`);
      const container = having[0]!;
      if (i < steps.length - 1) containers = objectsIn(container[step]!).map((o) => o.shape);
      // A bag is spread into each object that uses it (new shapes), so its fields go by schema node.
      else if (container === target) add(schemaTexts, container[step]!, text, label);
      else {
        let fields = fieldTexts.get(container);
        if (fields === undefined) fieldTexts.set(container, (fields = new Map()));
        add(fields, step, text, label);
      }
    }
  }
}

/** Describes a schema itself, wherever it is used. Mark the call `/* @__PURE__ *\/` (see above). */
export function describeSchema(schema: AnySchema, text: string): void {
  add(schemaTexts, schema, text, `a ${schema.kind} schema ("${text.slice(0, 40)}…")`);
}

function read(t: Text | undefined): string | undefined {
  if (t === undefined) return undefined;
  t.read = true;
  return t.text;
}

/** The description of field `key` of the object with this shape (toJSONSchema). */
export const fieldDescription = (shape: Shape, key: string): string | undefined =>
  read(fieldTexts.get(shape)?.get(key));

/** The description of a schema itself (toJSONSchema). */
export const schemaDescription = (schema: AnySchema): string | undefined => read(schemaTexts.get(schema));

/** What no toJSONSchema call has used so far: after generating the whole document's schema, stale texts. */
export function unreadDescriptions(): string[] {
  const all = [...schemaTexts.values(), ...[...fieldTexts.values()].flatMap((m) => [...m.values()])];
  return all.filter((t) => !t.read).map((t) => `${t.label}: ${t.text}`);
}
