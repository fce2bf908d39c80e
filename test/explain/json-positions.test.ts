import { describe, expect, it } from "vitest";
import { pathSegments } from "../../src/cli/lib/check-document.ts";
import { jsonPositions, positionOf, syntaxErrorPosition } from "../../src/cli/lib/json-positions.ts";

describe("jsonPositions", () => {
  const text = '{\n  "a": [1, {"b\\"c": true}],\n  "x-y": {\n    "z": null\n  }\n}';
  const pos = jsonPositions(text);

  it("maps member keys and array items to 1-based line and column", () => {
    expect(pos.get("$.a")).toEqual({ line: 2, column: 3 });
    expect(pos.get("$.a[0]")).toEqual({ line: 2, column: 9 });
    expect(pos.get("$.a[1]")).toEqual({ line: 2, column: 12 });
    expect(pos.get('$.a[1]["b\\"c"]')).toEqual({ line: 2, column: 13 });
    expect(pos.get('$["x-y"].z')).toEqual({ line: 4, column: 5 });
  });

  it("falls back to the nearest mapped ancestor for a missing key", () => {
    expect(positionOf(pos, '$["x-y"].missing.deeper')).toEqual({ line: 3, column: 3 });
  });

  it("parses JSON paths back to segments and locates syntax errors", () => {
    expect(pathSegments('$.pools["api-v1"].origins[2].url')).toEqual(["pools", "api-v1", "origins", 2, "url"]);
    expect(syntaxErrorPosition("{\n  x", "Unexpected token at position 4")).toEqual({ line: 2, column: 3 });
  });
});
