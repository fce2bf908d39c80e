import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createAdminApp } from "../../src/admin/app.ts";

const app = createAdminApp("/_edge", { loaded: () => undefined });

async function call(token: string, auth?: string) {
  const res = await app.request("/_edge/nope", { headers: auth === undefined ? {} : { authorization: auth } }, {
    ADMIN_TOKEN: token,
  } as never);
  return { status: res.status, code: ((await res.json()) as { error: { code: string; message: string } }).error };
}

describe("ADMIN_TOKEN: length and charset", () => {
  beforeEach(() => void vi.spyOn(console, "error").mockImplementation(() => {}));
  afterEach(() => vi.restoreAllMocks());

  it("a long token with characters a Bearer credential cannot carry keeps the API closed with 503 ADMIN_TOKEN_INVALID_CHARS", async () => {
    for (const token of [
      "correct horse battery staple",
      "pa$$word!0123456789",
      "0123456789abcdef\u00e9",
      "abc=def0123456789xyz",
    ]) {
      for (const auth of [undefined, `Bearer ${token}`]) {
        const r = await call(token, auth);
        expect(r.status).toBe(503);
        expect(r.code).toMatchObject({
          code: "ADMIN_TOKEN_INVALID_CHARS",
          message: expect.stringContaining("A-Z a-z 0-9"),
        });
      }
    }
    expect(console.error).toHaveBeenCalledWith(expect.stringContaining('"event":"admin_token_invalid_chars"'));
  });

  it("still refuses a short token with ADMIN_TOKEN_TOO_SHORT", async () => {
    expect((await call("short")).code.code).toBe("ADMIN_TOKEN_TOO_SHORT");
    expect((await call("bad chars!")).code.code).toBe("ADMIN_TOKEN_TOO_SHORT");
  });

  it("a base64 token (with + / and = padding) authenticates; a wrong one is 401", async () => {
    const token = "Zm9vYmFy+/0123456789abc/def==";
    expect((await call(token, `Bearer ${token}`)).code.code).toBe("ADMIN_NOT_FOUND");
    expect((await call(token, `Bearer ${token.replace("Z", "Y")}`)).code.code).toBe("ADMIN_UNAUTHORIZED");
  });
});
