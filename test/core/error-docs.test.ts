import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { errorTables, withErrorTables } from "../../src/core/errors/docs.ts";
import {
  BadPathError,
  ConfigInvalidError,
  EdgeError,
  ERRORS,
  NoHealthyOriginError,
  NoRouteError,
} from "../../src/core/errors/index.ts";
import { ERROR_MEANINGS } from "../../src/core/errors/meanings.ts";

const DOC = join(import.meta.dirname, "..", "..", "docs", "worker.md");

describe("error registry", () => {
  it("docs/worker.md carries the tables generated from the registry (run `npm run docs:errors` after a change)", () => {
    const doc = readFileSync(DOC, "utf8");
    expect(withErrorTables(doc)).toBe(doc);
  });

  it("lists every code once, each with a namespace, a status (HTTP namespaces) and a one-line meaning", () => {
    for (const [code, spec] of Object.entries(ERRORS)) {
      expect(spec.code).toBe(code);
      const meaning = ERROR_MEANINGS[spec.code];
      expect(meaning, code).toBeTypeOf("string");
      expect(meaning).not.toContain("\n");
      expect(meaning.length).toBeGreaterThan(10);
      if (spec.namespace === "relay") expect(spec.status).toBeNull();
      else expect(spec.status).toBeGreaterThanOrEqual(400);
      expect(errorTables()).toContain(`\`${code}\``);
    }
  });

  it("has a meaning for every code and no meaning without a code (meanings.ts, docs only)", () => {
    expect(Object.keys(ERROR_MEANINGS).sort()).toEqual(Object.keys(ERRORS).sort());
  });

  it("error classes take code and status from their registry entry (the codes clients key on are unchanged)", () => {
    const cases: Array<[EdgeError, string, number]> = [
      [new BadPathError("x"), "BAD_PATH", 400],
      [new NoRouteError("GET", "h", "/p"), "NO_ROUTE", 404],
      [new NoHealthyOriginError(["a"]), "NO_HEALTHY_ORIGIN", 503],
      [new ConfigInvalidError([]), "CONFIG_INVALID", 400],
    ];
    for (const [err, code, status] of cases) {
      expect(err).toBeInstanceOf(EdgeError);
      expect([err.code, err.status]).toEqual([code, status]);
      expect(ERRORS[code as keyof typeof ERRORS].status).toBe(status);
    }
  });
});
