/**
 * Writes schema/edge-config.schema.json from the zod schema (the single source of truth), so
 * editors can autocomplete and check route files via `"$schema"`. Run: `npm run schema`.
 * test/schema/json-schema.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { EdgeConfigSchema } from "../src/schema/index.ts";

export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/edge-config.schema.json");

/** zod marks `.startsWith()` strings with a non-standard `format`; the `pattern` next to it says the same. */
function dropNonStandardFormats(node: unknown): void {
  if (Array.isArray(node)) return node.forEach(dropNonStandardFormats);
  if (node === null || typeof node !== "object") return;
  const o = node as Record<string, unknown>;
  if (o.format === "starts_with") delete o.format;
  Object.values(o).forEach(dropNonStandardFormats);
}

/** The JSON Schema text, deterministic (same input -> same bytes). */
export function generateJsonSchema(): string {
  // "input": describe what authors write (defaults make fields optional), not the parsed result.
  const schema = z.toJSONSchema(EdgeConfigSchema, { io: "input", target: "draft-2020-12", unrepresentable: "any" });
  dropNonStandardFormats(schema);
  const doc = {
    ...schema,
    $id: "https://github.com/edge-router/edge-router/schema/edge-config.schema.json",
    title: "Edge router configuration",
    description: "One document configures the L7 router (virtual hosts, routes, pools) and the L4 relay.",
  };
  return JSON.stringify(doc, null, 2) + "\n";
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, generateJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
