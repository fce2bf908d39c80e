import { expect, inject } from "vitest";

export { load, send } from "../../workers/table-helpers.ts";

export const control = () => inject("policyControl");

/** Requests the protected origin and the JWKS endpoint have received so far. */
export async function counts(): Promise<{ origin: number; jwksFetches: number }> {
  return (await (await fetch(`${control()}/count`)).json()) as { origin: number; jwksFetches: number };
}

export async function putJwks(keys: unknown[]): Promise<void> {
  const res = await fetch(`${control()}/jwks`, { method: "PUT", body: JSON.stringify({ keys }) });
  expect(res.status).toBe(204);
}

export const guardedPool = () => ({ origins: [{ name: "guarded", url: inject("policyOrigin") }] });

/** Asserts an edge refusal: status, stable code, the JSON error body, and returns the response. */
export async function expectRefusal(res: Response, status: number, code: string): Promise<{ message: string }> {
  const text = await res.text();
  expect({ status: res.status, body: text }).toMatchObject({ status });
  const body = JSON.parse(text) as { error: { code: string; message: string; requestId: string } };
  expect(body.error.code).toBe(code);
  expect(body.error.requestId).toBe(res.headers.get("x-request-id"));
  expect(res.headers.get("content-type")).toMatch(/^application\/json/);
  return body.error;
}

/** The echo origin's view of the request it received. */
export async function echoed(res: Response): Promise<{ origin: string; url: string; headers: Record<string, string> }> {
  expect(res.status).toBe(200);
  return (await res.json()) as { origin: string; url: string; headers: Record<string, string> };
}
