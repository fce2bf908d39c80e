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
