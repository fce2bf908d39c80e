import { expect, it } from "vitest";
import { cookieValue, parseCookieHeader } from "../../src/router/cookies.ts";

const header = 'ab=1; a=2;  quoted="x y" ;empty=; a=3; flag; t\t=4';

it("finds one cookie without building a map, first occurrence wins", () => {
  expect(cookieValue(header, "a")).toBe("2");
  expect(cookieValue(header, "ab")).toBe("1");
  expect(cookieValue(header, "quoted")).toBe("x y");
  expect(cookieValue(header, "empty")).toBe("");
  expect(cookieValue(header, "t")).toBe("4");
  expect(cookieValue(header, "flag")).toBeUndefined();
  expect(cookieValue(header, "b")).toBeUndefined();
  expect(cookieValue(null, "a")).toBeUndefined();
});

it("parses the same header into the same values", () => {
  const m = parseCookieHeader(header);
  for (const name of ["a", "ab", "quoted", "empty"]) expect(m.get(name), name).toBe(cookieValue(header, name));
  expect(m.size).toBe(5);
});

it("reads repeated Cookie lines joined by the runtime with ', ' as one list (issue 10, defect 8)", () => {
  const joined = "a=1, session=abc; theme=dark, b=2,c=3";
  for (const [name, want] of [
    ["a", "1"],
    ["session", "abc"],
    ["theme", "dark"],
    ["b", "2"],
    ["c", "3"],
  ] as const) {
    expect(cookieValue(joined, name), name).toBe(want);
    expect(parseCookieHeader(joined).get(name), name).toBe(want);
  }
  // A ',' inside a quoted value or not followed by name= stays in the value.
  expect(cookieValue('q="x, y=1", z=2', "q")).toBe("x, y=1");
  expect(cookieValue('q="x, y=1", z=2', "z")).toBe("2");
  expect(cookieValue("d=Mon, 01 Jan 2024; e=5", "d")).toBe("Mon, 01 Jan 2024");
  expect(cookieValue("d=Mon, 01 Jan 2024; e=5", "e")).toBe("5");
});
