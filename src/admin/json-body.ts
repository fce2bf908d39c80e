import { decodeDocument, readBodyCapped } from "./body.ts";
import { AdminBadRequestError } from "./versions/errors.ts";

/** A JSON object request body; anything else is ADMIN_BAD_REQUEST at `$`. */
export async function readJsonObject(request: Request): Promise<Record<string, unknown>> {
  const text = decodeDocument(await readBodyCapped(request));
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new AdminBadRequestError("$", `invalid JSON: ${(e as Error).message}`);
  }
  if (typeof v !== "object" || v === null || Array.isArray(v))
    throw new AdminBadRequestError("$", "must be a JSON object");
  return v as Record<string, unknown>;
}

export function optionalString(body: Record<string, unknown>, key: string): string | undefined {
  const v = body[key];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new AdminBadRequestError(`$.${key}`, "must be a string");
  return v;
}

export function requiredString(body: Record<string, unknown>, key: string): string {
  const v = optionalString(body, key);
  if (v === undefined || v === "") throw new AdminBadRequestError(`$.${key}`, "is required");
  return v;
}
