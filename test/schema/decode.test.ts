import { describe, expect, it } from "vitest";
import { checkFile } from "../../src/cli/check-file.ts";
import { decodeDocument, parseEdgeConfigText } from "../../src/schema/index.ts";

/** Issue 10, defect 5: one decoder for every entry point. */
const DOC = JSON.stringify({ version: "bom-1", virtualHosts: [] });

describe("decodeDocument", () => {
  it("ignores a UTF-8 byte-order mark, here as in every entry point", () => {
    expect(decodeDocument(`\uFEFF${DOC}`)).toEqual({ ok: true, value: JSON.parse(DOC) });
    const parsed = parseEdgeConfigText(`\uFEFF${DOC}`);
    expect(parsed.ok && parsed.config.version).toBe("bom-1");
    // Bytes decoded by TextDecoder keep the BOM only with ignoreBOM; both spellings load.
    const kept = new TextDecoder("utf-8", { fatal: false, ignoreBOM: true }).decode(
      new TextEncoder().encode(`\uFEFF${DOC}`),
    );
    expect(kept.charCodeAt(0)).toBe(0xfeff);
    expect(parseEdgeConfigText(kept).ok).toBe(true);
  });

  it("names the line and column of a syntax error", () => {
    const r = decodeDocument('{\n  "version": "x",\n  "pools": {}\n  "virtualHosts": []\n}');
    expect(r.ok).toBe(false);
    const msg = !r.ok ? r.issues[0]!.message : "";
    expect(msg).toMatch(/^invalid JSON: line 4, column 3: /);
    expect(msg).not.toMatch(/position/);
    const end = decodeDocument('{"version":');
    expect(!end.ok && end.issues[0]!.message).toMatch(/^invalid JSON: line 1, column 12: /);
  });

  it("the CLI validates a file with a BOM like the worker loads it", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const file = `${mkdtempSync(`${tmpdir()}/bom-`)}/routes.json`;
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(DOC)]));
    const r = checkFile(file);
    expect(r.ok, r.ok ? "" : r.report).toBe(true);
  });
});
