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
  /** `,"pid":123` (the base fields as JSON members, with a leading comma), or "". */
  readonly #baseJson: string;
  #isoAt = 0;
  #iso = "";
  #pending = "";
  #scheduled = false;
  readonly #flush = () => {
    this.#scheduled = false;
    if (this.#pending === "") return;
    const text = this.#pending;
    this.#pending = "";
    this.#out(text);
  };

  constructor(
    base: LogFields = {},
    out: Sink = (l) => process.stdout.write(l),
    err: Sink = (l) => process.stderr.write(l),
  ) {
    const b = JSON.stringify(base);
    this.#baseJson = b.length > 2 ? `,${b.slice(1, -1)}` : "";
    this.#out = out;
    this.#err = err;
    process.once("exit", this.#flush);
  }

  info(event: string, fields?: LogFields): void {
    this.#queue(this.#line("info", event, fields));
  }

  /**
   * An info line whose fields the caller already wrote as JSON object members (`"a":1,"b":"x"`,
   * no braces): the per-connection close line skips building and serializing an object.
   */
  infoMembers(event: string, members: string): void {
    this.#queue(`${this.#head("info", event)},${members}}\n`);
  }

  #queue(line: string): void {
    this.#pending += line;
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

  /**
   * `{"time":…,"level":…,"event":…,<base>,<fields>}`: the base is serialized once and the fields
   * object as it is (no merged copy per line); the timestamp string is reused within a millisecond.
   */
  #line(level: string, event: string, fields: LogFields | undefined): string {
    const head = this.#head(level, event);
    const rest = fields === undefined ? "{}" : JSON.stringify(fields);
    return rest.length > 2 ? `${head},${rest.slice(1)}\n` : `${head}}\n`;
  }

  #head(level: string, event: string): string {
    const now = Date.now();
    if (now !== this.#isoAt) {
      this.#isoAt = now;
      this.#iso = new Date(now).toISOString();
    }
    return `{"time":"${this.#iso}","level":"${level}","event":${JSON.stringify(event)}${this.#baseJson}`;
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
