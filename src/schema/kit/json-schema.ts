/**
 * JSON Schema (draft 2020-12) of a kit schema, describing what authors WRITE (zod's io "input"):
 * fields with defaults are optional, transforms show their input. Key order follows zod 4's
 * output so the generated file stays comparable with the one zod produced.
 */

import {
  ArraySchema,
  DiscriminatedUnionSchema,
  ObjectSchema,
  RecordSchema,
  type Shape,
  UnionSchema,
} from "./composites.ts";
import { type AnySchema, DefaultSchema, PrefaultSchema, TransformSchema, WrapperSchema } from "./core.ts";
import { fieldDescription, schemaDescription } from "./docs.ts";
import { EnumSchema, LiteralSchema, NumberSchema, StringSchema } from "./primitives.ts";

type Json = Record<string, unknown>;

/** Annotations of the node itself: description (docs.ts), then `.meta()` keywords (e.g. oneOf). */
function annotate(s: AnySchema, out: Json, description: string | undefined): Json {
  if (description !== undefined) out.description = description;
  if (s.metadata !== undefined) Object.assign(out, s.metadata);
  return out;
}

/** Merges check fragments; several patterns become allOf (one keyword cannot hold two). */
function mergeFragments(s: AnySchema, out: Json): Json {
  const patterns: string[] = [];
  for (const f of s.json) {
    for (const [k, v] of Object.entries(f)) {
      if (k === "pattern") patterns.push(v as string);
      else out[k] = v;
    }
  }
  if (patterns.length === 1) out.pattern = patterns[0];
  else if (patterns.length > 1) out.allOf = patterns.map((pattern) => ({ pattern }));
  return out;
}

/** May the author leave this field out? */
function optionalInInput(s: AnySchema): boolean {
  return (
    s.kind === "optional" ||
    s.kind === "default" ||
    s.kind === "prefault" ||
    (s instanceof TransformSchema && optionalInInput(s.inner))
  );
}

/** `description`: the node's own, or its field's where an object describes the field (docs.ts). */
function node(s: AnySchema, description = schemaDescription(s)): Json {
  if (s instanceof WrapperSchema) {
    const out: Json = {};
    // zod's key order: a default before the description, a prefault after it.
    if (s instanceof DefaultSchema) out.default = s.value;
    annotate(s, out, description);
    if (s instanceof PrefaultSchema) out.default = s.value;
    // The wrapper's own description wins over the inner one's.
    const inner = node(s.inner);
    for (const [k, v] of Object.entries(inner)) if (!(k in out)) out[k] = v;
    return out;
  }
  if (s instanceof StringSchema) {
    const out: Json = { type: "string" };
    if (s.format !== undefined) out.format = s.format;
    return annotate(s, mergeFragments(s, out), description);
  }
  if (s instanceof NumberSchema) {
    const out = mergeFragments(s, { type: s.isInt ? "integer" : "number" });
    // An integer is a safe integer (as zod states it): unbounded sides get those bounds.
    if (s.isInt) {
      out.minimum ??= Number.MIN_SAFE_INTEGER;
      out.maximum ??= Number.MAX_SAFE_INTEGER;
    }
    return annotate(s, out, description);
  }
  if (s.kind === "boolean") return annotate(s, { type: "boolean" }, description);
  if (s instanceof LiteralSchema) return annotate(s, { type: typeof s.value, const: s.value }, description);
  if (s instanceof EnumSchema) return annotate(s, { type: "string", enum: [...s.options] }, description);
  if (s instanceof ArraySchema)
    return annotate(s, { ...mergeFragments(s, {}), type: "array", items: node(s.element) }, description);
  if (s instanceof RecordSchema)
    return annotate(
      s,
      { type: "object", propertyNames: node(s.key), additionalProperties: node(s.value) },
      description,
    );
  if (s instanceof ObjectSchema) return annotate(s, objectNode(s), description);
  if (s instanceof UnionSchema) return annotate(s, { anyOf: s.options.map((o: AnySchema) => node(o)) }, description);
  if (s instanceof DiscriminatedUnionSchema)
    return annotate(s, { oneOf: s.options.map((o: AnySchema) => node(o)) }, description);
  throw new Error(`toJSONSchema: no rendering for schema kind ${s.kind}`);
}

function objectNode(s: ObjectSchema<Shape>): Json {
  const properties: Json = {};
  const required: string[] = [];
  for (const k of s.keys) {
    const child = s.shape[k]!;
    properties[k] = node(child, fieldDescription(s.shape, k) ?? schemaDescription(child));
    if (!optionalInInput(child)) required.push(k);
  }
  const out: Json = { type: "object", properties };
  if (required.length > 0) out.required = required;
  out.additionalProperties = false;
  return out;
}

export function toJSONSchema(schema: AnySchema): Json {
  return { $schema: "https://json-schema.org/draft/2020-12/schema", ...node(schema) };
}
