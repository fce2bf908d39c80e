/** JWT and Cloudflare Access policies (compiled by src/policies/jwt). */

import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

export const JWT_ALGORITHMS = ["HS256", "HS384", "HS512", "RS256", "PS256", "ES256", "EdDSA"] as const;
export type JwtAlgorithm = (typeof JWT_ALGORITHMS)[number];

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name")
  .toLowerCase();

const PEM = /^-----BEGIN PUBLIC KEY-----\s*([A-Za-z0-9+/=\s]+)-----END PUBLIC KEY-----\s*$/;

/** Structural JWK check at load (the key is imported once per table version by jose). */
function jwkProblem(k: Record<string, unknown>): string | undefined {
  const need = (...names: string[]) => {
    const missing = names.filter((n) => typeof k[n] !== "string" || k[n] === "");
    return missing.length ? `JWK of kty "${k.kty}" needs ${missing.join(", ")}` : undefined;
  };
  if ("d" in k) return "JWK holds a private key (d): give the public key only";
  switch (k.kty) {
    case "RSA":
      return need("n", "e");
    case "EC":
      return k.crv !== "P-256" ? 'EC JWK must use crv "P-256" (ES256)' : need("x", "y");
    case "OKP":
      return k.crv !== "Ed25519" ? 'OKP JWK must use crv "Ed25519" (EdDSA)' : need("x");
    case "oct":
      return "symmetric keys go in `secret` or `secretEnv`, not in `keys`";
    default:
      return `unsupported JWK kty ${JSON.stringify(k.kty)} (RSA, EC or OKP)`;
  }
}

export const JwtKeySchema = z.union([
  z.string().regex(PEM, "must be a PEM public key (-----BEGIN PUBLIC KEY-----)"),
  z.record(z.string(), z.union([z.string(), z.array(z.string()), z.number(), z.boolean()])).superRefine((k, ctx) => {
    const problem = jwkProblem(k);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  }),
]);

/* @__PURE__ */ describeSchema(
  JwtKeySchema,
  "A public key: a JWK object (RSA, EC P-256 or Ed25519) or a PEM SPKI string.",
);

const isHs = (a: string) => a.startsWith("HS");

export const JwtPolicySchema = z
  .strictObject({
    type: z.literal("jwt"),
    algorithms: z
      .array(z.enum(JWT_ALGORITHMS, { error: `unsupported algorithm; use one of ${JWT_ALGORITHMS.join(", ")}` }))
      .min(1),
    secret: z.string().min(32).optional(),
    secretEnv: z
      .string()
      .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an env var / secret name")
      .optional(),
    keys: z.array(JwtKeySchema).min(1).optional(),
    jwksUrl: z.url({ protocol: /^https?$/ }).optional(),
    jwksCacheSeconds: z.number().int().min(1).max(86_400).default(600),
    jwksCooldownSeconds: z.number().int().min(0).max(3600).default(30),
    header: headerName.default("authorization"),
    scheme: z.string().optional(),
    issuer: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    audience: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
    clockSkewSeconds: z.number().int().min(0).max(600).default(30),
    requiredClaims: z.array(z.string().min(1)).optional(),
    scopes: z.array(z.string().min(1)).optional(),
    forwardClaims: z.record(z.string().min(1), headerName).optional(),
    removeToken: z.boolean().default(false),
    tokenCacheSize: z.number().int().min(0).max(100_000).default(1000),
    tokenCacheSeconds: z.number().int().min(1).max(3600).default(60),
  })
  .superRefine((p, ctx) => {
    const sources = ["secret", "secretEnv", "keys", "jwksUrl"].filter((k) => p[k as keyof typeof p] !== undefined);
    if (sources.length !== 1)
      return void ctx.addIssue({
        code: "custom",
        message: `needs exactly one key source of secret, secretEnv, keys, jwksUrl (got ${sources.join(", ") || "none"})`,
      });
    const hs = p.algorithms.filter(isHs);
    if (hs.length > 0 && hs.length < p.algorithms.length)
      ctx.addIssue({
        code: "custom",
        path: ["algorithms"],
        message: "HS and public-key algorithms cannot be mixed in one policy (key confusion)",
      });
    const symmetric = p.secret !== undefined || p.secretEnv !== undefined;
    if (symmetric !== hs.length > 0)
      ctx.addIssue({
        code: "custom",
        path: ["algorithms"],
        message: symmetric
          ? "secret/secretEnv needs HS algorithms"
          : "keys/jwksUrl need public-key algorithms (RS256, PS256, ES256, EdDSA)",
      });
  });

/* @__PURE__ */ describeFields(JwtPolicySchema, {
  algorithms: "Accepted `alg` values; `none` is never accepted. HS and public-key algorithms cannot be mixed.",
  secret: "HS secret inline (readable by anyone who can read the document).",
  secretEnv: "Name of a Worker secret holding the HS secret.",
  keys: "Public keys inline; a JWK's `kid` selects it.",
  jwksUrl: "JWKS endpoint, cached in the isolate.",
  jwksCacheSeconds: "Longest a fetched JWKS is used.",
  jwksCooldownSeconds: "An unknown `kid` refetches the JWKS at most once per this interval.",
  header: "Header carrying the token.",
  scheme: 'Scheme before the token (default "Bearer" for Authorization, else none).',
  clockSkewSeconds: "Tolerance for exp and nbf.",
  requiredClaims: "Claims that must be present.",
  scopes: "Scopes all required in `scope` (space-separated) or `scp`.",
  forwardClaims: "Claim name → request header sent to the origin (client-sent copies are removed).",
  removeToken: "Remove the token header before forwarding.",
  tokenCacheSize: "Verified tokens remembered per isolate (0: verify every request).",
  tokenCacheSeconds: "Longest a verified token is trusted without verifying it again (never past its exp).",
});

export const CloudflareAccessPolicySchema = z.strictObject({
  type: z.literal("cloudflareAccess"),
  teamDomain: z.string().regex(/^[a-z0-9-]+\.cloudflareaccess\.com$/, "must be <team>.cloudflareaccess.com"),
  audience: z.string().min(1),
  certsUrl: z.url({ protocol: /^https?$/ }).optional(),
  forwardClaims: z.record(z.string().min(1), headerName).optional(),
});

/* @__PURE__ */ describeFields(CloudflareAccessPolicySchema, {
  teamDomain: "Your Zero Trust team domain.",
  audience: "The Access application's AUD tag.",
  certsUrl: "Override of https://<teamDomain>/cdn-cgi/access/certs (local tests).",
});

export type JwtPolicy = z.infer<typeof JwtPolicySchema>;
export type CloudflareAccessPolicy = z.infer<typeof CloudflareAccessPolicySchema>;
