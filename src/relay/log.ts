/** JSON-lines logging: one object per line on stdout (info) or stderr (warn/error). */
export type LogFields = Record<string, unknown>;

export interface Logger {
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}

type Sink = (line: string) => void;

export class JsonLogger implements Logger {
  readonly #out: Sink;
  readonly #err: Sink;
  readonly #base: LogFields;

  constructor(base: LogFields = {}, out: Sink = (l) => process.stdout.write(l), err: Sink = (l) => process.stderr.write(l)) {
    this.#base = base;
    this.#out = out;
    this.#err = err;
  }

  info(event: string, fields?: LogFields): void {
    this.#out(this.#line("info", event, fields));
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
