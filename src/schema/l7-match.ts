import { describeFields, describeSchema } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { unsafeRegexReason } from "./syntax/safe-regex.ts";
import { parseVersionRange } from "./syntax/semver.ts";
import { parseTemplate } from "./syntax/template.ts";
import { templateCertainlyValid } from "./template-check.ts";

/** A regex string that must compile on RE2 (the engine every table regex runs on); a bad one is a load error at its own path. */
export const SafeRegexString = z
  .string()
  .min(1)
  .superRefine((p, ctx) => {
    const reason = unsafeRegexReason(p);
    if (reason) ctx.addIssue({ code: "custom", message: reason });
  });

/* @__PURE__ */ describeSchema(
  SafeRegexString,
  "Regular expression in RE2 syntax (linear-time matching, as Envoy's safe_regex) that must match the WHOLE value; no backreferences or lookaround.",
);

/** Requires exactly one of `keys` (checked at load; also stated as `oneOf` in the JSON Schema for editors). */
function exactlyOne<T extends z.ObjectSchema<any>>(schema: T, keys: readonly string[], what: string): T {
  return schema
    .superRefine((v: Record<string, unknown>, ctx) => {
      let n = 0;
      for (let i = 0; i < keys.length; i++) if (v[keys[i]!] !== undefined) n++;
      if (n === 1) return; // the common case: no allocation (this runs for every route at load)
      const set = keys.filter((k) => v[k] !== undefined);
      ctx.addIssue({
        code: "custom",
        message:
          set.length === 0
            ? `${what} needs exactly one of ${keys.join(", ")}`
            : `${what} takes exactly one of ${keys.join(", ")}, got ${set.join(" and ")}`,
      });
    })
    .meta({ oneOf: keys.map((k) => ({ required: [k] })) });
}

/**
 * Domain patterns as in Envoy: exact `api.example.com`, suffix `*.example.com` (not example.com itself),
 * prefix `api.*`, or `*` for any host. Lower-cased; no port.
 */
export const DomainPatternSchema = z
  .string()
  .toLowerCase()
  .superRefine((d, ctx) => {
    if (d === "*" || /^\[[0-9a-f:.]+\]$/.test(d)) return; // any host, or an IPv6 literal as URL.hostname spells it
    if (d.includes(":"))
      return void ctx.addIssue({
        code: "custom",
        message: `"${d}" must not include a port (hosts are matched without it)`,
      });
    const stars = d.split("*").length - 1;
    if (stars > 1 || (stars === 1 && !d.startsWith("*") && !d.endsWith("*")) || (d.length < 2 && stars === 1)) {
      return void ctx.addIssue({
        code: "custom",
        message: `"${d}" may use '*' once, at its start (*.example.com) or end (api.*)`,
      });
    }
    if (!/^[a-z0-9*][a-z0-9.*_-]*$/.test(d))
      ctx.addIssue({ code: "custom", message: `"${d}" is not a host name pattern` });
  });

const absPath = z.string().startsWith("/", "must start with '/'");

export const PATH_KINDS = ["exact", "prefix", "segmentPrefix", "template", "regex"] as const;
export const PathMatchSchema = exactlyOne(
  z.strictObject({
    exact: absPath.optional(),
    prefix: absPath.optional(),
    segmentPrefix: absPath
      .refine(
        (p) => p === "/" || !p.endsWith("/"),
        "must not end with '/' (use \"/api\", which matches /api and /api/...)",
      )
      .optional(),
    template: absPath
      .superRefine((t, ctx) => {
        if (templateCertainlyValid(t)) return; // the common case, without building segments
        try {
          parseTemplate(t);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `invalid template: ${(e as Error).message}` });
        }
      })
      .optional(),
    regex: SafeRegexString.optional(),
    caseSensitive: z.boolean().default(true),
    invert: z.boolean().default(false),
  }),
  PATH_KINDS,
  "path",
);

/* @__PURE__ */ describeFields(PathMatchSchema, {
  exact: "The whole path equals this.",
  prefix: "The path starts with this string (`/api` also matches `/apix`).",
  segmentPrefix: "Whole leading segments: `/api` matches `/api` and `/api/x`, not `/apix`.",
  template: "URI template: `/users/{id}`, `/files/{rest=**}`, `*` for one segment, `**` for the rest.",
  caseSensitive: "Compare literal path text case-sensitively (default true).",
  invert: "Match every path that does NOT match.",
});

const headerName = z
  .string()
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be a valid HTTP header name")
  .toLowerCase();

export const HeaderMatchSchema = exactlyOne(
  z.strictObject({
    name: headerName,
    exact: z.string().optional(),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
    contains: z.string().optional(),
    regex: SafeRegexString.optional(),
    present: z.boolean().optional(),
    invert: z.boolean().default(false),
    ignoreCase: z.boolean().default(false),
  }),
  ["exact", "prefix", "suffix", "contains", "regex", "present"],
  "header match",
);

/* @__PURE__ */ describeFields(HeaderMatchSchema, {
  present: "true: the header is present; false: it is absent.",
  invert: "Negate the result (a missing header then matches).",
  ignoreCase: "Compare values case-insensitively.",
});

export const CookieMatchSchema = exactlyOne(
  z.strictObject({
    name: z.string().min(1),
    exact: z.string().optional(),
    prefix: z.string().optional(),
    regex: SafeRegexString.optional(),
    present: z.boolean().optional(),
    invert: z.boolean().default(false),
  }),
  ["exact", "prefix", "regex", "present"],
  "cookie match",
);

export const QueryMatchSchema = exactlyOne(
  z.strictObject({
    name: z.string().min(1),
    exact: z.string().optional(),
    regex: SafeRegexString.optional(),
    present: z.boolean().optional(),
    invert: z.boolean().default(false),
  }),
  ["exact", "regex", "present"],
  "query match",
);

export const VersionSourceSchema = z.discriminatedUnion("type", [
  z.strictObject({ type: z.literal("header"), name: headerName.default("accept-version") }),
  z.strictObject({
    type: z.literal("mediaType"),
    vendor: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]*$/, "must be the NAME in application/vnd.NAME.v2+json"),
  }),
  z.strictObject({ type: z.literal("query"), name: z.string().min(1).default("api-version") }),
  z.strictObject({
    type: z.literal("pathSegment"),
    index: z.number().int().min(0).max(16).default(0),
    prefix: z.string().default("v"),
    strip: z.boolean().default(false),
  }),
]);

/* @__PURE__ */ describeFields(VersionSourceSchema, {
  vendor: "NAME in `Accept: application/vnd.NAME.v2+json`.",
  index: "Which segment (0 = first) may hold the version.",
  prefix: "Text before the version in the segment (`v` in /v2/...).",
  strip: "Remove the version segment from the path forwarded upstream.",
});

const versionString = z.string().min(1).regex(/^\S+$/, "must not contain spaces");
export const ApiVersionMatchSchema = z
  .strictObject({
    from: z.array(VersionSourceSchema).min(1),
    exact: versionString.optional(),
    range: z
      .string()
      .superRefine((r, ctx) => {
        try {
          parseVersionRange(r);
        } catch (e) {
          ctx.addIssue({ code: "custom", message: `invalid version range: ${(e as Error).message}` });
        }
      })
      .optional(),
    default: versionString.optional(),
  })
  .refine((v) => !(v.exact !== undefined && v.range !== undefined), "use either exact or range, not both")
  .refine((v) => v.from.filter((s) => s.type === "pathSegment").length <= 1, {
    message: "at most one pathSegment source",
    path: ["from"],
  });

/* @__PURE__ */ describeFields(ApiVersionMatchSchema, {
  from: "Where to read the version, tried in order; the first source that has one wins.",
  exact: "The version equals this (a leading v is ignored: v2 = 2).",
  range: "Semver range (`^2`, `>=2.1 <3`, `2.x`, `1 || 3`) or date range (`>=2024-01-01`).",
  default: "Version assumed when the request names none.",
});

export const MatchSchema = z.strictObject({
  path: PathMatchSchema.optional(),
  methods: z
    .array(
      z
        .string()
        .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, "must be an HTTP method token")
        .toUpperCase(),
    )
    .min(1)
    .optional(),
  hosts: z.array(DomainPatternSchema).min(1).optional(),
  headers: z.array(HeaderMatchSchema).optional(),
  cookies: z.array(CookieMatchSchema).optional(),
  query: z.array(QueryMatchSchema).optional(),
  apiVersion: ApiVersionMatchSchema.optional(),
});

/* @__PURE__ */ describeFields(MatchSchema, {
  path: "Absent: every path.",
  methods: "Any of these methods (upper-cased).",
  hosts: "Host patterns as in domains; usually the virtual host decides.",
});

export type PathMatch = z.infer<typeof PathMatchSchema>;
export type HeaderMatch = z.infer<typeof HeaderMatchSchema>;
export type CookieMatch = z.infer<typeof CookieMatchSchema>;
export type QueryMatch = z.infer<typeof QueryMatchSchema>;
export type VersionSource = z.infer<typeof VersionSourceSchema>;
export type ApiVersionMatch = z.infer<typeof ApiVersionMatchSchema>;
export type RouteMatch = z.infer<typeof MatchSchema>;
