import { readFileSync } from "node:fs";
import { expect, it } from "vitest";
import { generateJsonSchema, SCHEMA_FILE } from "../../scripts/gen-schema.ts";
import { unreadDescriptions } from "../../src/schema/kit/docs.ts";

it("the committed JSON Schema equals a fresh generation (run `npm run schema` after schema changes)", () => {
  expect(readFileSync(SCHEMA_FILE, "utf8")).toBe(generateJsonSchema());
});

it("the JSON Schema tells editors about the exactly-one rules and the action types", () => {
  const schema = JSON.parse(generateJsonSchema());
  const route = schema.properties.virtualHosts.items.properties.routes.items;
  const path = route.properties.match.properties.path;
  expect(path.oneOf).toEqual(["exact", "prefix", "segmentPrefix", "template", "regex"].map((k) => ({ required: [k] })));
  const types = route.properties.action.oneOf.map(
    (a: { properties: { type: { const: string } } }) => a.properties.type.const,
  );
  expect(types).toEqual(["forward", "direct", "redirect"]);
  expect(path.additionalProperties).toBe(false);
});

it("every description written beside the schema (describeFields / describeSchema) reaches the JSON Schema", () => {
  generateJsonSchema();
  expect(unreadDescriptions()).toEqual([]);
});
