import { EdgeError } from "./edge.ts";

/** No pool in the route's failover chain has enough healthy origins (and lastResort is off). */
export class NoHealthyOriginError extends EdgeError {
  constructor(chain: readonly string[]) {
    super(
      "NO_HEALTHY_ORIGIN",
      503,
      `no healthy origin in pool${chain.length > 1 ? "s" : ""} ${chain.map((p) => `"${p}"`).join(", ")}`,
    );
  }
}
