import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { SafeRegexString } from "./l7-match.ts";
import { ForwardReleaseFields } from "./l7-release.ts";
import { ForwardPoolFields } from "./retry.ts";

const headerName = z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name");
const headerValue = z.string().regex(/^[^\r\n\0]*$/, "must not contain CR, LF or NUL");

/** Header edits, applied in the order remove, set, add. Names are case-insensitive. */
export const HeaderMutationsSchema = z.strictObject({
  set: z.record(headerName, headerValue).optional(),
  add: z.record(headerName, headerValue).optional(),
  remove: z.array(headerName).optional(),
});

/* @__PURE__ */ describeFields(HeaderMutationsSchema, {
  set: "Replace (or create) these headers.",
  add: "Append these values (keeps existing ones).",
  remove: "Delete these headers.",
});

// A path fragment used in a rewrite or redirect: no CR/LF/NUL (they would break the request line or Location).
const pathText = z.string().regex(/^[^\r\n\0]*$/, "must not contain CR, LF or NUL");

const hostName = z
  .string()
  .toLowerCase()
  .regex(/^[a-z0-9]([a-z0-9.-]*[a-z0-9])?(:\d{1,5})?$/, "must be a host name, optionally with :port");

export const ForwardActionSchema = z
  .strictObject({
    type: z.literal("forward"),
    pool: z.string().min(1).optional(),
    // pools (failover chain), fallbackPool, retry, lastResort: see src/schema/retry.ts
    ...ForwardPoolFields,
    // split, mirror, fallback: see src/schema/l7-release.ts
    ...ForwardReleaseFields,
    timeoutMs: z.number().int().min(1).max(600_000).optional(),
    rewrite: z
      .strictObject({
        prefix: pathText.optional(),
        regex: z
          .strictObject({
            pattern: SafeRegexString,
            substitution: pathText,
          })
          .optional(),
      })
      .refine((r) => !(r.prefix !== undefined && r.regex !== undefined), "use either prefix or regex rewrite, not both")
      .optional(),
    requestHeaders: HeaderMutationsSchema.optional(),
    responseHeaders: HeaderMutationsSchema.optional(),
  })
  .refine((a) => (a.pool === undefined) !== (a.pools === undefined), "needs exactly one of `pool` or `pools`");

/* @__PURE__ */ describeFields(ForwardActionSchema, {
  pool: "Name of a pool in $.pools (shorthand for `pools: [name]`).",
  timeoutMs: "Time to wait for the origin's response headers (default settings.defaultTimeoutMs, 30000).",
  "rewrite.prefix": "Replace the matched path prefix (route must match by prefix or segmentPrefix).",
  "rewrite.regex.pattern": "Every match in the path is replaced.",
  "rewrite.regex.substitution": "Replacement; $1 / $<name> refer to groups.",
  requestHeaders: "Edits to the request sent upstream.",
  responseHeaders: "Edits to the response sent to the client.",
});

/** Statuses that must not carry content (RFC 9110 §15.3.5, §15.3.6, §15.4.5); Response() throws on a body. */
const NO_BODY_STATUSES = new Set([204, 205, 304]);

export const DirectActionSchema = z
  .strictObject({
    type: z.literal("direct"),
    status: z.number().int().min(200).max(599),
    body: z.string().optional(),
    contentType: headerValue.optional(),
    headers: z.record(headerName, headerValue).optional(),
  })
  .refine((a) => a.body === undefined || !NO_BODY_STATUSES.has(a.status), {
    error: (iss) => `must be omitted: status ${(iss.input as { status: number }).status} responses have no body`,
    path: ["body"],
  });

/* @__PURE__ */ describeFields(DirectActionSchema, {
  body: "Not allowed with status 204, 205 or 304.",
  contentType: "Content-Type of the body (default text/plain; charset=utf-8).",
});

export const RedirectActionSchema = z
  .strictObject({
    type: z.literal("redirect"),
    code: z
      .union([z.literal(301), z.literal(302), z.literal(303), z.literal(307), z.literal(308)], {
        error: "must be one of 301, 302, 303, 307, 308",
      })
      .default(301),
    scheme: z.enum(["http", "https"]).optional(),
    host: hostName.optional(),
    port: z.number().int().min(1).max(65535).optional(),
    path: pathText.startsWith("/", "must start with '/'").optional(),
    prefixRewrite: pathText.optional(),
    stripQuery: z.boolean().default(false),
  })
  .refine(
    (r) => !(r.path !== undefined && r.prefixRewrite !== undefined),
    "use either path or prefixRewrite, not both",
  );

/* @__PURE__ */ describeFields(RedirectActionSchema, {
  host: "New host (may include :port).",
  path: "Replace the whole path.",
  prefixRewrite: "Replace the matched prefix (route must match by prefix or segmentPrefix).",
});

export const ActionSchema = z.discriminatedUnion("type", [
  ForwardActionSchema,
  DirectActionSchema,
  RedirectActionSchema,
]);

export type ForwardAction = z.infer<typeof ForwardActionSchema>;
export type DirectAction = z.infer<typeof DirectActionSchema>;
export type RedirectAction = z.infer<typeof RedirectActionSchema>;
export type RouteAction = z.infer<typeof ActionSchema>;
export type HeaderMutations = z.infer<typeof HeaderMutationsSchema>;
