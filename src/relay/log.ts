/** JSON-lines logging: one object per line on stdout (info) or stderr (warn/error). */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Sink = (line: string) => void;
const FLUSH_MS = 50;

/**
 * Info lines (connection open/close, the bulk) are batched and written every FLUSH_MS or 64 KiB:
 * under a connection flood that is one write syscall for many lines instead of two per
 * connection. Warnings and errors are written at once. Pending lines are flushed at exit.
 */
export class JsonLogger implements Logger {
  readonly #out: Sink;
  readonly #err: Sink;
  readonly #base: LogFields;
  #pending = "";
  #scheduled = false;
  readonly #flush = () => {
    this.#scheduled = false;
    if (this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    this.#out(text);
  };

  constructor(base: LogFields = {}, out: Sink = (l) => process.stdout.write(l), err: Sink = (l) => process.stderr.write(l)) {
    this.#base = base;
    this.#out = out;
    this.#err = err;
    process.once("exit", this.#flush);
  }

  info(event: string, fields?: LogFields): void {
    this.#pending += this.#line("info", event, fields);
    if (this.#pending.length > 65536) this.#flush();
    else if (!this.#scheduled) {
      this.#scheduled = true;
      setTimeout(this.#flush, FLUSH_MS).unref();
    }
  }
  warn(event: string, fields?: LogFields): void {
    this.#err(this.#line("warn", event, fields));
  }
  error(event: string, fields?: LogFields): void {
    this.#err(this.#line("error", event, fields));
  }

  #line(level: string, event: string, fields: LogFields | undefined): string {
    return JSON.stringify({ time: new Date().toISOString(), level, event, ...this.#base, ...fields }) + "\n";
  }
}

/** Collects entries in memory (tests) or drops them. */
export class MemoryLogger implements Logger {
  readonly entries: { level: string; event: string; fields: LogFields }[] = [];
  readonly keep: boolean;
  constructor(keep = true) {
    this.keep = keep;
  }
  info(event: string, fields: LogFields = {}): void {
    if (this.keep) this.entries.push({ level: "info", event, fields });
  }
  warn(event: string, fields: LogFields = {}): void {
    if (this.keep) this.entries.push({ level: "warn", event, fields });
  }
  error(event: string, fields: LogFields = {}): void {
    if (this.keep) this.entries.push({ level: "error", event, fields });
  }
}
