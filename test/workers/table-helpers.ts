import { env, exports } from "cloudflare:workers";

export const PROBE_HOST = "edge-probe.test";

export function send(path: string, init: RequestInit & { host?: string } = {}): Promise<Response> {
  const { host = "shop.example", ...rest } = init;
  return exports.default.fetch(new Request(`http://${host}${path}`, rest));
}

/** Adds a virtual host answering its version so a test can wait until a table is live. */
export function withProbe(doc: { version: string; virtualHosts?: unknown[] } & Record<string, unknown>) {
  const probe = {
    name: "__probe",
    domains: [PROBE_HOST],
    routes: [{ action: { type: "direct", status: 200, body: doc.version } }],
  };
  return { ...doc, virtualHosts: [probe, ...(doc.virtualHosts ?? [])] };
}

/** What the worker currently serves: the probe's version, or the error code. */
export async function servedVersion(): Promise<string> {
  const res = await send("/", { host: PROBE_HOST });
  const text = await res.text();
  return res.status === 200 ? text : `error:${JSON.parse(text).error?.code}`;
}

/** Polls until `want` is served (the worker refreshes in the background every ROUTES_REFRESH_SECONDS). */
export async function waitForVersion(want: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let seen = await servedVersion();
  while (seen !== want) {
    if (Date.now() > deadline) throw new Error(`worker serves ${seen}, wanted ${want}`);
    await new Promise((r) => setTimeout(r, 100));
    seen = await servedVersion();
  }
}

export async function putTable(doc: { version: string } & Record<string, unknown>): Promise<void> {
  await env.ROUTES.put(env.ROUTES_KEY, JSON.stringify(withProbe(doc)));
}

export async function load(doc: { version: string } & Record<string, unknown>): Promise<void> {
  await putTable(doc);
  await waitForVersion(doc.version);
}

/** Which demo origin answered (the echo names itself). */
export async function originOf(res: Response): Promise<string> {
  const body = (await res.json()) as { origin?: string; error?: { code: string } };
  return body.origin ?? `error:${body.error?.code}`;
}
