/** Builders shared by the conformance case files. */
import type { Expect, Req } from "./conformance.ts";

export const fwd = { type: "forward", pool: "p" };
export const R = (name: string, match: unknown, extra: Record<string, unknown> = {}) => ({
  name,
  match,
  action: fwd,
  ...extra,
});
export const get = (
  path: string,
  route: string | null,
  more: Partial<Expect> = {},
  req: Partial<Req> = {},
): Expect => ({ req: { path, ...req }, route, ...more });
