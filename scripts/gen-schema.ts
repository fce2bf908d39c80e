/**
 * Writes schema/edge-config.schema.json from the schema kit definitions (the single source of truth), so
 * editors can autocomplete and check route files via `"$schema"`. Run: `npm run schema`.
 * test/schema/json-schema.test.ts fails when the committed file is stale.
 */
import { writeFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { EdgeConfigSchema } from "../src/schema/index.ts";
import { toJSONSchema } from "../src/schema/kit/index.ts";

export const SCHEMA_FILE = resolve(dirname(fileURLToPath(import.meta.url)), "../schema/edge-config.schema.json");

/** The JSON Schema text, deterministic (same input -> same bytes). */
export function generateJsonSchema(): string {
  // Describes what authors write (defaults make fields optional), not the parsed result.
  const schema = toJSONSchema(EdgeConfigSchema);
  const doc = {
    ...schema,
    $id: "https://github.com/edge-router/edge-router/schema/edge-config.schema.json",
    title: "Edge router configuration",
    description: "One document configures the L7 router (virtual hosts, routes, pools) and the L4 relay.",
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(SCHEMA_FILE, generateJsonSchema());
  console.log(`wrote ${SCHEMA_FILE}`);
}
