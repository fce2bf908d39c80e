import type { HeaderMutations } from "../../schema/l7.ts";

/** Applies a route's header edits in the documented order: remove, then set, then add. */
export function applyHeaderMutations(h: Headers, m: HeaderMutations | undefined): void {
  if (m === undefined) return;
  if (m.remove) for (const name of m.remove) h.delete(name);
  if (m.set) for (const [name, value] of Object.entries(m.set)) h.set(name, value);
  if (m.add) for (const [name, value] of Object.entries(m.add)) h.append(name, value);
}
