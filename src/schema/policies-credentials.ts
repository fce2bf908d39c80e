/** API key, Basic auth and static bearer token policies: only hashes are stored in the document. */

import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name")
  .toLowerCase();
const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 digest: 64 lower-case hex digits");

/* @__PURE__ */ describeSchema(sha256Hex, "SHA-256 of the secret, hex (`printf %s SECRET | sha256sum`).");
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, "must be an env var / secret name");

export const ApiKeyPolicySchema = z
  .strictObject({
    type: z.literal("apiKey"),
    header: headerName.optional(),
    query: z.string().min(1).optional(),
    keys: z
      .array(
        z.strictObject({
          name: z.string().min(1),
          tenant: z.string().min(1).optional(),
          sha256: sha256Hex,
        }),
      )
      .default([]),
    kvPrefix: z.string().min(1).optional(),
    forwardNameHeader: headerName.default("x-api-key-name"),
    forwardTenantHeader: headerName.default("x-api-key-tenant"),
    removeKey: z.boolean().default(true),
  })
  .superRefine((p, ctx) => {
    if (p.header !== undefined && p.query !== undefined)
      ctx.addIssue({ code: "custom", message: "use either header or query, not both" });
    if (p.keys.length === 0 && p.kvPrefix === undefined)
      ctx.addIssue({ code: "custom", path: ["keys"], message: "needs keys, kvPrefix or both" });
  });

/* @__PURE__ */ describeFields(ApiKeyPolicySchema, {
  header: 'Header carrying the key (default "x-api-key" unless `query` is set).',
  query: "Query parameter carrying the key instead of a header.",
  "keys.name": "Key name, forwarded to the origin and usable as a rate-limit key.",
  kvPrefix:
    'Also look keys up in the ROUTES KV namespace at `<kvPrefix><sha256 hex>` (value: {"name","tenant"}), so keys change without a table version.',
  forwardNameHeader: "Header set to the key's name upstream.",
  removeKey: "Remove the key header before forwarding.",
});

// pbkdf2-sha256:<iterations>:<salt base64url>:<hash base64url>; workerd caps PBKDF2 at 100,000 iterations.
const PBKDF2 = /^pbkdf2-sha256:([0-9]{1,6}):([A-Za-z0-9_-]{16,}):([A-Za-z0-9_-]{43})$/;
export const PasswordHashSchema = z.string().superRefine((h, ctx) => {
  const m = PBKDF2.exec(h);
  if (m) {
    const n = Number(m[1]);
    if (n < 1000 || n > 100_000) ctx.addIssue({ code: "custom", message: "PBKDF2 iterations must be 1000–100000" });
    return;
  }
  if (!/^sha256:[0-9a-f]{64}$/.test(h))
    ctx.addIssue({
      code: "custom",
      message: "must be pbkdf2-sha256:<iterations>:<salt b64url>:<hash b64url> or sha256:<64 hex>",
    });
});

/* @__PURE__ */ describeSchema(
  PasswordHashSchema,
  "Password hash: `pbkdf2-sha256:iterations:salt:hash` (base64url) or `sha256:<hex>`; never plaintext.",
);

export const BasicAuthPolicySchema = z.strictObject({
  type: z.literal("basicAuth"),
  realm: z
    .string()
    .regex(/^[^"\\\r\n]*$/, "no quotes, backslashes or newlines")
    .default("edge"),
  users: z
    .array(
      z.strictObject({
        username: z
          .string()
          .min(1)
          .regex(/^[^:]*$/, "must not contain ':'"),
        password: PasswordHashSchema,
      }),
    )
    .min(1),
  forwardUserHeader: headerName.optional(),
  removeCredentials: z.boolean().default(true),
});

/* @__PURE__ */ describeFields(BasicAuthPolicySchema, {
  forwardUserHeader: "Header set to the authenticated user name upstream.",
  removeCredentials: "Remove Authorization before forwarding.",
});

export const BearerTokenPolicySchema = z
  .strictObject({
    type: z.literal("bearerToken"),
    realm: z
      .string()
      .regex(/^[^"\\\r\n]*$/, "no quotes, backslashes or newlines")
      .default("edge"),
    tokens: z.array(z.strictObject({ name: z.string().min(1).optional(), sha256: sha256Hex })).default([]),
    tokenEnv: envName.optional(),
    removeToken: z.boolean().default(true),
  })
  .refine((p) => p.tokens.length > 0 || p.tokenEnv !== undefined, "needs tokens, tokenEnv or both");

/* @__PURE__ */ describeFields(BearerTokenPolicySchema, {
  tokenEnv: "Name of a Worker secret holding one more accepted token.",
});

export type ApiKeyPolicy = z.infer<typeof ApiKeyPolicySchema>;
export type BasicAuthPolicy = z.infer<typeof BasicAuthPolicySchema>;
export type BearerTokenPolicy = z.infer<typeof BearerTokenPolicySchema>;
