import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * The `compress` policy: gzip/deflate with CompressionStream for origins that do not compress.
 * A policy type of the named-policy union (`{ type: "compress", ... }`); on this branch a route can
 * also carry the same fields as `route.compress` (src/schema/route-shielding.ts).
 */
export const CompressFields = {
  encodings: z
    .array(z.enum(["gzip", "deflate"]))
    .min(1)
    .default(["gzip", "deflate"]),
  types: z
    .array(
      z
        .string()
        .regex(
          /^[a-z0-9!#$&^_.+-]+\/(?:\*|[a-z0-9!#$&^_.+-]+)$/,
          "must be a media type like text/* or application/json",
        ),
    )
    .default([
      "text/*",
      "application/json",
      "application/javascript",
      "application/xml",
      "image/svg+xml",
      "application/wasm",
    ]),
  minBytes: z.number().int().min(0).default(256),
};

/* @__PURE__ */ describeFields(CompressFields, {
  encodings: "Offered in this order of preference when Accept-Encoding allows several.",
  types: "Content types compressed (`type/*` for a whole type); anything else passes as it is.",
  minBytes: "A response whose Content-Length is below this is not compressed (unknown length: compressed).",
});

export const CompressConfigSchema = z.strictObject(CompressFields);
export const CompressPolicySchema = z.strictObject({ type: z.literal("compress"), ...CompressFields });

export type CompressConfig = z.infer<typeof CompressConfigSchema>;
