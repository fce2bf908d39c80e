import { describeFields } from "./kit/docs.ts";
import { CacheConfigSchema } from "./policy-cache.ts";
import { CompressConfigSchema } from "./policy-compress.ts";

/**
 * Fields a route gains for the shielding policies (spread into RouteSchema). They compile into the
 * route's policy chain (src/policies/shielding.ts); with the named-policy union the same objects are
 * `{ type: "cache" | "compress", ... }` policies.
 */
export const RouteShieldingFields = {
  cache: CacheConfigSchema.optional(),
  compress: CompressConfigSchema.optional(),
};

/* @__PURE__ */ describeFields(RouteShieldingFields, {
  cache: "Cache GET/HEAD responses in the Cache API (per data centre); see docs/policies.md.",
  compress: "gzip/deflate responses the origin left uncompressed, when the client accepts it.",
});
