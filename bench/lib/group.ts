/** A group of figures that share set-up (a backend, a bundle); run.ts schedules groups against the deadline. */
import type { CliOptions } from "./args.ts";
import type { FigureResult } from "./types.ts";

export interface GroupContext {
  opts: CliOptions;
  log(s: string): void;
  /** ms left before the whole run must end. */
  remainingMs(): number;
}

export interface FigureGroup {
  name: string;
  keys: readonly string[];
  /** Debian tools needed (installed when missing). */
  tools: readonly string[];
  /** Rough wall time, to skip a group that cannot finish before the deadline. */
  estimateS(quick: boolean, keys: readonly string[]): number;
  run(ctx: GroupContext, keys: readonly string[]): Promise<FigureResult[]>;
}
