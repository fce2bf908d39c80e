import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { echoed, expectRefusal, guardedPool, load, send } from "./helpers.ts";

const HOST = "creds.test";
const enc = new TextEncoder();

async function sha256(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", enc.encode(text)));
  return [...d].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const b64url = (b: Uint8Array) =>
  btoa(String.fromCharCode(...b))
    .replace(/=+$/, "")
    .replace(/\+/g, "-")
    .replace(/\//g, "_");

async function pbkdf2(password: string, iterations = 10_000): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const key = await crypto.subtle.importKey("raw", enc.encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, 256);
  return `pbkdf2-sha256:${iterations}:${b64url(salt)}:${b64url(new Uint8Array(bits))}`;
}

const basic = (u: string, p: string) => ({ authorization: `Basic ${btoa(`${u}:${p}`)}` });
const get = (path: string, headers: Record<string, string> = {}) => send(path, { host: HOST, headers });
const to = (path: string, policy: string) => ({
  name: path.slice(1),
  match: { path: { exact: path } },
  policies: [policy],
  action: { type: "forward", pool: "guarded" },
});

beforeAll(async () => {
  await env.ROUTES.put(`apikey:${await sha256("kv-key-1")}`, JSON.stringify({ name: "kv-client", tenant: "t-kv" }));
  await load({
    version: "policies-creds-1",
    pools: { guarded: guardedPool() },
    policies: {
      keys: {
        type: "apiKey",
        keys: [{ name: "doc-client", tenant: "t-doc", sha256: await sha256("doc-key-1") }],
        kvPrefix: "apikey:",
      },
      querykeys: { type: "apiKey", query: "api_key", keys: [{ name: "q-client", sha256: await sha256("q-key") }] },
      basic: {
        type: "basicAuth",
        realm: "ops",
        users: [
          { username: "alice", password: await pbkdf2("wonderland") },
          { username: "bob", password: `sha256:${await sha256("builder")}` },
        ],
        forwardUserHeader: "x-user",
      },
      bearer: {
        type: "bearerToken",
        tokens: [{ name: "ci", sha256: await sha256("static-token-1") }],
        tokenEnv: "API_BEARER_TOKEN",
      },
    },
    virtualHosts: [
      {
        name: "creds",
        domains: [HOST],
        routes: [to("/key", "keys"), to("/qkey", "querykeys"), to("/basic", "basic"), to("/bearer", "bearer")],
      },
    ],
  });
});

describe("API keys", () => {
  it("a key from the document: name and tenant forwarded, the key removed", async () => {
    const h = (await echoed(await get("/key", { "x-api-key": "doc-key-1" }))).headers;
    expect(h["x-api-key-name"]).toBe("doc-client");
    expect(h["x-api-key-tenant"]).toBe("t-doc");
    expect(h["x-api-key"]).toBeUndefined();
  });

  it("a key from KV, and a key added to KV later: no table version needed", async () => {
    expect((await echoed(await get("/key", { "x-api-key": "kv-key-1" }))).headers["x-api-key-name"]).toBe("kv-client");
    await env.ROUTES.put(`apikey:${await sha256("kv-key-2")}`, JSON.stringify({ name: "late" }));
    const h = (await echoed(await get("/key", { "x-api-key": "kv-key-2" }))).headers;
    expect(h["x-api-key-name"]).toBe("late");
    expect(h["x-api-key-tenant"]).toBeUndefined();
  });

  it("missing key: 401 AUTH_REQUIRED with a challenge; unknown key: 401 AUTH_INVALID", async () => {
    const res = await get("/key");
    const e = await expectRefusal(res, 401, "AUTH_REQUIRED");
    expect(e.message).toMatch(/x-api-key/);
    expect(res.headers.get("www-authenticate")).toBe('ApiKey realm="edge"');
    await expectRefusal(await get("/key", { "x-api-key": "nope" }), 401, "AUTH_INVALID");
  });

  it("from a query parameter", async () => {
    expect((await get("/qkey?api_key=q-key")).status).toBe(200);
    await expectRefusal(await get("/qkey?api_key=wrong"), 401, "AUTH_INVALID");
    await expectRefusal(await get("/qkey", { "x-api-key": "q-key" }), 401, "AUTH_REQUIRED");
  });
});

describe("Basic auth (hashed passwords)", () => {
  it("PBKDF2 and SHA-256 hashes; the user is forwarded and the credentials removed", async () => {
    const a = (await echoed(await get("/basic", basic("alice", "wonderland")))).headers;
    expect(a["x-user"]).toBe("alice");
    expect(a.authorization).toBeUndefined();
    expect((await get("/basic", basic("bob", "builder"))).status).toBe(200);
  });

  it("wrong password, unknown user: 401 AUTH_INVALID with the Basic challenge", async () => {
    for (const h of [basic("alice", "wrong"), basic("mallory", "wonderland"), basic("bob", "wonderland")]) {
      const res = await get("/basic", h);
      await expectRefusal(res, 401, "AUTH_INVALID");
      expect(res.headers.get("www-authenticate")).toBe('Basic realm="ops"');
    }
  });

  it("no credentials: 401 AUTH_REQUIRED", async () => {
    const res = await get("/basic");
    await expectRefusal(res, 401, "AUTH_REQUIRED");
    expect(res.headers.get("www-authenticate")).toBe('Basic realm="ops"');
  });
});

describe("static bearer tokens", () => {
  it("a stored token's hash and a token from an env secret", async () => {
    expect(
      (await echoed(await get("/bearer", { authorization: "Bearer static-token-1" }))).headers.authorization,
    ).toBeUndefined();
    expect((await get("/bearer", { authorization: "Bearer bearer-token-from-env-secret" })).status).toBe(200);
  });

  it("wrong token: 401 AUTH_INVALID, error=invalid_token; none: AUTH_REQUIRED", async () => {
    const res = await get("/bearer", { authorization: "Bearer static-token-2" });
    await expectRefusal(res, 401, "AUTH_INVALID");
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="edge",\s*error="invalid_token"/);
    await expectRefusal(await get("/bearer"), 401, "AUTH_REQUIRED");
  });
});
