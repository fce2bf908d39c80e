import { readFileSync } from "node:fs";

/**
 * `routes:put --admin-url https://edge.example/_edge`: PUT the document through the worker's admin
 * API instead of wrangler KV (the worker validates it again and refuses what it would not load).
 * The token comes from EDGE_ADMIN_TOKEN, never from the command line (it would show in `ps`).
 * Returns the exit code.
 */
export async function putViaAdmin(adminUrl: string, file: string, token: string | undefined): Promise<number> {
  if (!token) {
    console.error("EDGE_ADMIN_TOKEN is not set (the worker's ADMIN_TOKEN secret)");
    return 2;
  }
  const url = `${adminUrl.replace(/\/+$/, "")}/config`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: "PUT",
      body: readFileSync(file),
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      redirect: "error",
      signal: AbortSignal.timeout(30_000),
    });
  } catch (e) {
    console.error(`PUT ${url} failed: ${(e as Error).message}`);
    return 1;
  }
  const text = await res.text();
  let body: {
    version?: string;
    changed?: boolean;
    etag?: string;
    error?: { code: string; message: string; issues?: { path: string; message: string }[] };
  };
  try {
    body = JSON.parse(text);
  } catch {
    console.error(`PUT ${url}: HTTP ${res.status}, not the admin API's JSON: ${text.slice(0, 200)}`);
    return 1;
  }
  if (res.ok && body.version !== undefined) {
    console.log(`${body.changed ? "stored" : "unchanged"}: version "${body.version}" (ETag ${body.etag}) via ${url}`);
    return 0;
  }
  console.error(
    `PUT ${url}: HTTP ${res.status} ${body.error?.code ?? ""}: ${body.error?.message ?? text.slice(0, 200)}`,
  );
  for (const i of body.error?.issues ?? []) console.error(`  ${i.path}: ${i.message}`);
  return 1;
}
