/** workerd's console output, captured through Miniflare's handleStructuredLogs (runWorker's onLog). */
export class LogCapture {
  readonly lines: string[] = [];
  readonly onLog = (line: string): void => {
    this.lines.push(line);
  };

  /** The JSON objects among the lines whose `event` is `event`. */
  events(event: string): Record<string, unknown>[] {
    const out: Record<string, unknown>[] = [];
    for (const l of this.lines) {
      if (!l.startsWith("{")) continue;
      try {
        const o = JSON.parse(l) as Record<string, unknown>;
        if (o.event === event) out.push(o);
      } catch {
        // not one of ours
      }
    }
    return out;
  }

  /** Waits (bounded) for the line of `event` that satisfies `pick`; log delivery is asynchronous. */
  async waitFor(
    event: string,
    pick: (o: Record<string, unknown>) => boolean,
    ms = 5000,
  ): Promise<Record<string, unknown>> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.events(event).find(pick);
      if (hit !== undefined) return hit;
      if (Date.now() > deadline) throw new Error(`no ${event} log line matched within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
