import { decodeDocument } from "./document.ts";
import { type ConfigIssue, issuesFromSchema } from "./issues.ts";
import { describeFields } from "./kit/docs.ts";
import * as z from "./kit/index.ts";
import { L4Schema } from "./l4.ts";
import { checkL7References, VirtualHostSchema } from "./l7.ts";
import { checkPolicyReferences, PoliciesSectionSchema } from "./policies.ts";
import { PoolSchema } from "./pool.ts";
import { SettingsSchema } from "./settings.ts";

export {
  type DecodeBytesResult,
  type DecodeResult,
  decodeDocument,
  decodeDocumentBytes,
  lineColumn,
} from "./document.ts";
export { type ConfigIssue, formatIssues } from "./issues.ts";

/** The whole edge document: L7 routes and pools for the worker, plus the relay's L4 section. */
export const EdgeConfigSchema = z
  .strictObject({
    $schema: z.string().optional(),
    version: z.string().min(1),
    pools: z.record(z.string().min(1), PoolSchema).default({}),
    virtualHosts: z.array(VirtualHostSchema).default([]),
    policies: PoliciesSectionSchema,
    settings: SettingsSchema.prefault({}),
    l4: L4Schema.optional(),
  })
  .superRefine((doc, ctx) => {
    // Cross-references are checked here (Envoy's validate_clusters): a route naming a missing pool is a load error.
    checkL7References(doc, ctx);
    checkPolicyReferences(doc, (path, message) => ctx.addIssue({ code: "custom", path, message }));
  });

/* @__PURE__ */ describeFields(EdgeConfigSchema, {
  version: "Identifies this revision; the worker recompiles only when it changes.",
  settings: "Edge-wide request handling: path normalization, forwarded headers, default timeout.",
});

export type EdgeConfig = z.infer<typeof EdgeConfigSchema>;
export type ParseResult = { ok: true; config: EdgeConfig } | { ok: false; issues: ConfigIssue[] };

/** Validates an already-parsed JSON value. Never throws for bad input. */
export function parseEdgeConfig(input: unknown): ParseResult {
  const r = EdgeConfigSchema.safeParse(input);
  return r.success ? { ok: true, config: r.data } : { ok: false, issues: issuesFromSchema(r.error) };
}

/**
 * Decodes (decodeDocument: BOM ignored, syntax errors with line and column) then validates. Every
 * entry point goes through here, so they all accept and refuse the same documents.
 */
export function parseEdgeConfigText(text: string): ParseResult {
  const decoded = decodeDocument(text);
  return decoded.ok ? parseEdgeConfig(decoded.value) : decoded;
}

/**
 * The single parse entry of the edge document (worker, admin API, CLI, relay): JSON text to a
 * validated config or the list of issues. Compile it with compileEdge (src/edge) to know the
 * worker will load it.
 */
export function parseDocument(text: string): ParseResult {
  return parseEdgeConfigText(text);
}
