/**
 * The schema kit as a zod-style namespace: `import * as z from "./kit/index.ts"` in the schema
 * files. Only what the edge document needs; see core.ts for why it exists (no eval in workerd,
 * cold-start cost, bundle size).
 */

import {
  ArraySchema,
  DiscriminatedUnionSchema,
  ObjectSchema,
  RecordSchema,
  type Shape,
  UnionSchema,
} from "./composites.ts";
import type { AnySchema, ErrorParam } from "./core.ts";
import { BooleanSchema, EnumSchema, LiteralSchema, NumberSchema, type Primitive, StringSchema } from "./primitives.ts";

export { ObjectSchema } from "./composites.ts";
export type { KitIssue, RefinementCtx, SafeParseResult } from "./core.ts";
export { Schema, SchemaError } from "./core.ts";
export { toJSONSchema } from "./json-schema.ts";

type Infer<T extends AnySchema> = T["_output"];
type Input<T extends AnySchema> = T["_input"];

export type { Infer as infer, Infer as output, Input as input };

export const string = (): StringSchema => new StringSchema();
export const number = (): NumberSchema => new NumberSchema();
export const boolean = (): BooleanSchema => new BooleanSchema();
export const literal = <const T extends Primitive>(value: T, param?: ErrorParam): LiteralSchema<T> =>
  new LiteralSchema(value, param);
// `enum` is a reserved word: exported under its zod name below.
const enumOf = <const T extends readonly [string, ...string[]]>(values: T, param?: ErrorParam): EnumSchema<T[number]> =>
  new EnumSchema(values, param);

export { enumOf as enum };

export const array = <S extends AnySchema>(element: S): ArraySchema<S> => new ArraySchema(element);
export const record = <K extends StringSchema, V extends AnySchema>(key: K, value: V): RecordSchema<K, V> =>
  new RecordSchema(key, value);
export const strictObject = <S extends Shape>(shape: S): ObjectSchema<S> => new ObjectSchema(shape);
export const union = <const T extends readonly AnySchema[]>(options: T, param?: ErrorParam): UnionSchema<T> =>
  new UnionSchema(options, param);
export const discriminatedUnion = <const T extends readonly ObjectSchema<any>[]>(
  discriminator: string,
  options: T,
): DiscriminatedUnionSchema<T> => new DiscriminatedUnionSchema(discriminator, options);

/**
 * An absolute URL, as zod 4's z.url: surrounding whitespace trimmed (and tabs/newlines removed,
 * as the URL parser does); with an http(s) `protocol` the text must start with `http://` or
 * `https://` (so `http:/x` is refused rather than repaired).
 */
export function url(params: { protocol?: RegExp; error?: string } = {}): StringSchema {
  const { protocol, error } = params;
  const param: ErrorParam = error === undefined ? "Invalid URL" : { error };
  return new StringSchema().withFormat(
    "uri",
    "URL",
    (v) => {
      const trimmed = v.trim();
      if (protocol?.source === "^https?$" && !/^https?:\/\//i.test(trimmed)) return undefined;
      let u: URL;
      try {
        u = new URL(trimmed);
      } catch {
        return undefined;
      }
      if (protocol !== undefined && !protocol.test(u.protocol.slice(0, -1))) return undefined;
      return trimmed.replace(/[\t\n\r]/g, "");
    },
    param,
  );
}

const IPV4 =
  /^(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])\.){3}(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9][0-9]|[0-9])$/;
export const ipv4 = (): StringSchema =>
  new StringSchema().withFormat("ipv4", "IPv4 address", (v) => (IPV4.test(v) ? v : undefined));
/** As zod 4: the IPv6 alphabet, then the URL parser decides (it knows every compressed and embedded-IPv4 form). */
export const ipv6 = (): StringSchema =>
  new StringSchema().withFormat("ipv6", "IPv6 address", (v) => {
    if (!/^[0-9a-fA-F:.]+$/.test(v)) return undefined;
    try {
      new URL(`http://[${v}]`);
      return v;
    } catch {
      return undefined;
    }
  });
