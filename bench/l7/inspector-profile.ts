/**
 * CPU profile of a worker running in raw workerd, through the V8 inspector workerd exposes with
 * `--inspector-addr`: Profiler.start, run the load, Profiler.stop, write a .cpuprofile.
 */
import { writeFileSync } from "node:fs";

interface Target {
  id: string;
  title?: string;
  webSocketDebuggerUrl?: string;
}

export async function profileWorker(
  inspectorPort: number,
  service: string,
  outFile: string,
  load: () => Promise<unknown>,
): Promise<void> {
  const list = (await (await fetch(`http://127.0.0.1:${inspectorPort}/json/list`)).json()) as Target[];
  const t = list.find((x) => x.id === service || x.title === service) ?? list[0];
  const url = t?.webSocketDebuggerUrl ?? (t ? `ws://127.0.0.1:${inspectorPort}/${t.id}` : undefined);
  if (!url) throw new Error(`no inspector target for ${service}: ${JSON.stringify(list)}`);
  const ws = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener("open", () => resolve(), { once: true });
    ws.addEventListener("error", () => reject(new Error(`cannot open ${url}`)), { once: true });
  });
  let nextId = 1;
  const pending = new Map<number, (v: unknown) => void>();
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(String(ev.data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (msg.id !== undefined) pending.get(msg.id)?.(msg.error ? new Error(msg.error.message) : msg.result);
  });
  const call = (method: string, params: Record<string, unknown> = {}) =>
    new Promise<unknown>((resolve, reject) => {
      const id = nextId++;
      pending.set(id, (v) => (v instanceof Error ? reject(v) : resolve(v)));
      ws.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call("Profiler.enable");
    await call("Profiler.setSamplingInterval", { interval: 200 });
    await call("Profiler.start");
    await load();
    const r = (await call("Profiler.stop")) as { profile: unknown };
    writeFileSync(outFile, JSON.stringify(r.profile));
  } finally {
    ws.close();
  }
}
