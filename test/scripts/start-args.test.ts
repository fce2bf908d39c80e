import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parseStartArgs } from "../../scripts/lib/start-args.ts";

describe("npm start arguments", () => {
  it("defaults to examples/routes.json on 8787, or EDGE_PORT", () => {
    expect(parseStartArgs([], {})).toEqual({ table: resolve("examples/routes.json"), port: 8787 });
    expect(parseStartArgs([], { EDGE_PORT: "9000" }).port).toBe(9000);
  });

  it("takes --port and --table (also as --x=v), and the table as a positional argument", () => {
    expect(parseStartArgs(["--port", "8080", "--table", "t.json"], { EDGE_PORT: "9000" })).toEqual({
      table: resolve("t.json"),
      port: 8080,
    });
    expect(parseStartArgs(["--port=0", "mine.json"], {})).toEqual({ table: resolve("mine.json"), port: 0 });
  });

  it("names what is wrong", () => {
    expect(() => parseStartArgs(["--port", "http"], {})).toThrow(/--port must be 0-65535, got http/);
    expect(() => parseStartArgs(["--port", "70000"], {})).toThrow(/--port/);
    expect(() => parseStartArgs(["--tabel", "x"], {})).toThrow(/--tabel/);
    expect(() => parseStartArgs(["--table", "a.json", "b.json"], {})).toThrow(/not both/);
  });
});
