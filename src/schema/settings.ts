import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";

/**
 * Edge-wide request handling settings (`settings` in the edge document).
 * Defaults are the safe choice; every field is optional.
 */
export const PathSettingsSchema = z.strictObject({
  mergeSlashes: z.boolean().default(true),
  escapedSlashes: z.enum(["reject", "keep", "decode"]).default("reject"),
  semicolons: z.enum(["reject", "keep"]).default("reject"),
  doubleEscapes: z.enum(["reject", "keep"]).default("reject"),
});

/* @__PURE__ */ describeFields(PathSettingsSchema, {
  mergeSlashes: "Collapse runs of '/' into one before matching and forwarding (`//admin` -> `/admin`).",
  escapedSlashes:
    "What to do with %2F and %5C in the path: reject with 400 BAD_PATH, keep them encoded (they never split segments), or decode both to '/' before matching.",
  semicolons:
    "';' in the path (`/admin;x=1`; Java origins drop ;params): reject with 400 BAD_PATH, or keep. `..;` segments are always rejected.",
  doubleEscapes:
    "A double escape of '.', '/' or '\\' (`%252e`, `%252F`, `%255C`, and deeper `%25252e`): an origin that decodes once more sees `../` or a separator. reject with 400 BAD_PATH, or keep it encoded as sent.",
});

/** The access log (src/observe/access-log.ts): one JSON line per request, sampled. */
export const AccessLogSettingsSchema = z.strictObject({
  sample: z.number().min(0).max(1).default(1),
  flushMs: z.number().int().min(0).max(10_000).default(1000),
  maxLines: z.number().int().min(1).max(1000).default(100),
});

/* @__PURE__ */ describeFields(AccessLogSettingsSchema, {
  sample:
    "Fraction of requests that get an access-log line (0..1). Answers with status >= 500 and edge errors are always logged.",
  flushMs:
    "Lines wait in a per-isolate buffer up to this long and are written in a batch (one console.log each); 0 writes each line in its own request. Error lines flush at once.",
  maxLines: "The buffer is flushed at once when this many lines wait.",
});

/** Health change events (src/observe/events.ts): always logged; optionally POSTed to a webhook. */
export const EventsSettingsSchema = z.strictObject({
  webhook: z.url({ protocol: /^https?$/, error: "must be an absolute http:// or https:// URL" }).optional(),
  timeoutMs: z.number().int().min(100).max(30_000).default(5_000),
});

/* @__PURE__ */ describeFields(EventsSettingsSchema, {
  webhook:
    "URL that receives each health change event (origin_ejected, pool_down, failover, version_activated, …) as a JSON POST, sent after the response; never delays a request.",
  timeoutMs: "Give up on one webhook delivery after this long.",
});

export const SettingsSchema = z.strictObject({
  path: PathSettingsSchema.prefault({}),
  forwardedHeaders: z.enum(["replace", "append"]).default("replace"),
  debugHeaders: z.boolean().default(false),
  requestIdInResponse: z.boolean().default(false),
  traceContext: z.enum(["pass", "hop"]).default("pass"),
  geoHeader: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name")
    .optional(),
  defaultTimeoutMs: z.number().int().min(1).max(600_000).default(30_000),
  accessLog: AccessLogSettingsSchema.prefault({}),
  events: EventsSettingsSchema.prefault({}),
});

/* @__PURE__ */ describeFields(SettingsSchema, {
  path: "Path normalization applied before matching; the origin receives the normalized path.",
  forwardedHeaders:
    "replace: drop client-supplied X-Forwarded-*/Forwarded/X-Real-IP and set them from what the edge saw. append: keep the client's X-Forwarded-For/Forwarded chain and append the client IP (only if every client is a trusted proxy).",
  debugHeaders:
    "Add x-edge-origin (pool/origin that answered) and x-edge-attempts to responses. Off in production: it reveals topology.",
  requestIdInResponse:
    "Also return x-request-id on proxied responses (as Envoy's always_set_request_id_in_response). Origins always receive it, and responses the edge makes itself (errors, redirects, direct) always carry it. Off by default: adding a header means rebuilding every response.",
  traceContext:
    "W3C Trace Context. pass: the client's traceparent/tracestate reach the origin untouched and the edge starts no trace. hop: the edge is a hop of the trace: an incoming traceparent continues with a new parent-id, an absent or invalid one starts a new trace.",
  geoHeader:
    "Local runs and tests only: take the location for geo steering from this request header (`country=DE, continent=EU, region=BY, colo=FRA`) instead of request.cf. Unset (the default) in production: a client could pick its pool.",
  defaultTimeoutMs:
    "Time to wait for an origin's response headers when a route sets no timeout; then 504 ORIGIN_TIMEOUT.",
  accessLog: "One structured JSON line per request (console.log: `wrangler tail`, Workers Logs, `npm start`).",
  events: "Health change events: logged as JSON lines, optionally POSTed to a webhook.",
});

export type PathSettings = z.infer<typeof PathSettingsSchema>;
export type Settings = z.infer<typeof SettingsSchema>;

/** The settings in force when a document has no `settings` block. */
export const DEFAULT_SETTINGS: Settings = SettingsSchema.parse({});
