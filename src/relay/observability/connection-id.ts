import { randomBytes } from "node:crypto";

/**
 * The relay's `requestId`: one per connection (TCP) or session (UDP), the same field name the
 * worker uses for a request, so one query finds a flow's `open` and `close` lines. A random
 * per-process prefix and a counter: unique across processes and restarts without a random draw
 * per connection.
 */
const PREFIX = `${randomBytes(4).toString("hex")}-`;
let next = 0;

export function nextConnectionId(): string {
  next++;
  return PREFIX + next.toString(36);
}
