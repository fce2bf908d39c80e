import type { L4Section } from "../../schema/l4.ts";
import type { Logger } from "../observability/log.ts";
import type { Sample } from "../observability/metrics.ts";
import { Relay } from "./relay.ts";

/** What the controller drives: one in-process relay, or a cluster of worker processes. */
export interface Engine {
  apply(l4: L4Section): Promise<void>;
  samples(): Promise<Sample[]>;
  shutdown(drainMs: number): Promise<void>;
}

export class LocalEngine implements Engine {
  readonly relay: Relay;
  constructor(log: Logger) {
    this.relay = new Relay({ log });
  }
  apply(l4: L4Section): Promise<void> {
    return this.relay.apply(l4);
  }
  async samples(): Promise<Sample[]> {
    return [...this.relay.samples(), { name: "relay_workers", labels: {}, value: 1 }];
  }
  shutdown(drainMs: number): Promise<void> {
    return this.relay.shutdown(drainMs);
  }
}
