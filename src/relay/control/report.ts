import os from "node:os";

/**
 * Tells the worker's admin API what this relay serves (`POST <admin>/relays/report`), so
 * `GET /relays` and the dashboard show which relays lag behind and `PUT /config?wait=relays` can
 * wait for them. Sent after each poll of `<admin>/config`; fire-and-forget: a failed report is
 * logged by the caller at most, never delays or fails a reload.
 */
export interface RelayState {
  version: string | null;
  health: Record<string, unknown>;
}

/** `https://edge/_edge/config` → `https://edge/_edge/relays/report`; undefined for other locations. */
export function reportUrlOf(configUrl: string): string | undefined {
  const u = new URL(configUrl);
  if (!u.pathname.endsWith("/config")) return undefined;
  u.pathname = `${u.pathname.slice(0, -"/config".length)}/relays/report`;
  u.search = "";
  return u.href;
}

/** This relay's id in reports: EDGE_RELAY_ID, else host name and process id. */
export function defaultRelayId(): string {
  return (process.env.EDGE_RELAY_ID || `${os.hostname()}-${process.pid}`)
    .replace(/[^A-Za-z0-9._:@-]/g, "_")
    .slice(0, 128);
}

export async function sendReport(
  url: string,
  id: string,
  state: RelayState,
  headers: Readonly<Record<string, string>>,
): Promise<boolean> {
  try {
    const res = await fetch(url, {
      method: "POST",
      headers: { ...headers, "content-type": "application/json" },
      body: JSON.stringify({ id, version: state.version, health: state.health }),
      redirect: "error",
      signal: AbortSignal.timeout(5000),
    });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
