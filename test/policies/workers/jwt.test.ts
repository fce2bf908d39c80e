import { env } from "cloudflare:workers";
import { exportJWK, exportSPKI, generateKeyPair, type JWK, SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { control, counts, echoed, expectRefusal, guardedPool, load, putJwks, send } from "./helpers.ts";

const HOST = "jwt.test";
const SECRET = "inline-hs256-secret-for-tests-0123456789";
const ISS = "https://issuer.test";
const AUD = "edge-tests";
const enc = new TextEncoder();

type Key = CryptoKey;
const keys: Record<string, { priv: Key; pub: JWK }> = {};
let rsPem = "";

async function pair(name: string, alg: string, kid: string) {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  keys[name] = { priv: privateKey, pub: { ...(await exportJWK(publicKey)), kid, alg } };
  return publicKey;
}

function token(
  alg: string,
  key: Key | Uint8Array,
  opts: { kid?: string; claims?: Record<string, unknown>; iss?: string; aud?: string; exp?: number; nbf?: number } = {},
) {
  const now = Math.floor(Date.now() / 1000);
  const jwt = new SignJWT({ sub: "user-1", tenant: "acme", ...opts.claims })
    .setProtectedHeader({ alg, ...(opts.kid ? { kid: opts.kid } : {}) })
    .setIssuedAt()
    .setIssuer(opts.iss ?? ISS)
    .setAudience(opts.aud ?? AUD)
    .setExpirationTime(opts.exp ?? now + 300);
  if (opts.nbf !== undefined) jwt.setNotBefore(opts.nbf);
  return jwt.sign(key);
}

const get = (path: string, auth?: string) =>
  send(path, { host: HOST, headers: auth === undefined ? {} : { authorization: auth } });

const common = { issuer: ISS, audience: AUD, clockSkewSeconds: 5 };
const route = (path: string, policy: string) => ({
  name: path.slice(1),
  match: { path: { exact: path } },
  policies: [policy],
  action: { type: "forward", pool: "guarded" },
});

beforeAll(async () => {
  rsPem = await exportSPKI(await pair("rs1", "RS256", "k1"));
  await pair("rs2", "RS256", "k2");
  await pair("ps", "PS256", "ps1");
  const esPub = await pair("es", "ES256", "es1");
  await pair("ed", "EdDSA", "ed1");
  await putJwks([keys.rs1!.pub]);
  await load({
    version: "policies-jwt-1",
    pools: { guarded: guardedPool() },
    policies: {
      hs: {
        type: "jwt",
        algorithms: ["HS256"],
        secret: SECRET,
        ...common,
        forwardClaims: { sub: "x-user", tenant: "x-tenant" },
        removeToken: true,
      },
      hsenv: { type: "jwt", algorithms: ["HS256", "HS384", "HS512"], secretEnv: "JWT_SECRET", ...common },
      rs: { type: "jwt", algorithms: ["RS256"], jwksUrl: `${control()}/jwks`, jwksCooldownSeconds: 1, ...common },
      ps: { type: "jwt", algorithms: ["PS256"], keys: [keys.ps!.pub], ...common },
      es: { type: "jwt", algorithms: ["ES256"], keys: [await exportSPKI(esPub)], ...common },
      ed: { type: "jwt", algorithms: ["EdDSA"], keys: [keys.ed!.pub], ...common },
      scoped: { type: "jwt", algorithms: ["HS256"], secret: SECRET, ...common, scopes: ["orders:read"] },
      strict: { type: "jwt", algorithms: ["HS256"], secret: SECRET, issuer: ISS, audience: AUD, clockSkewSeconds: 0 },
      access: {
        type: "cloudflareAccess",
        teamDomain: "team.cloudflareaccess.com",
        audience: "aud-tag",
        certsUrl: `${control()}/jwks`,
      },
    },
    virtualHosts: [
      {
        name: "jwt",
        domains: [HOST],
        routes: [
          ...["hs", "hsenv", "rs", "ps", "es", "ed", "scoped", "access", "strict"].map((p) => route(`/${p}`, p)),
          { name: "open", action: { type: "forward", pool: "guarded" } },
        ],
      },
    ],
  });
});

describe("JWT: accepted tokens", () => {
  it("HS256 inline secret: forwards chosen claims as headers and removes the token", async () => {
    const body = await echoed(await get("/hs", `Bearer ${await token("HS256", enc.encode(SECRET))}`));
    expect(body.headers["x-user"]).toBe("user-1");
    expect(body.headers["x-tenant"]).toBe("acme");
    expect(body.headers.authorization).toBeUndefined();
  });

  it("a client-sent claim header is replaced, never trusted", async () => {
    const t = await token("HS256", enc.encode(SECRET));
    const res = await send("/hs", { host: HOST, headers: { authorization: `Bearer ${t}`, "x-user": "admin" } });
    expect((await echoed(res)).headers["x-user"]).toBe("user-1");
  });

  it("HS384 and HS512 with the secret from an env secret (secretEnv)", async () => {
    for (const alg of ["HS384", "HS512"]) {
      const t = await token(alg, enc.encode((env as unknown as Record<string, string>).JWT_SECRET!));
      expect((await get("/hsenv", `Bearer ${t}`)).status).toBe(200);
    }
  });

  it("RS256 from the JWKS URL, PS256 and EdDSA from inline JWKs, ES256 from a PEM key", async () => {
    expect((await get("/rs", `Bearer ${await token("RS256", keys.rs1!.priv, { kid: "k1" })}`)).status).toBe(200);
    expect((await get("/ps", `Bearer ${await token("PS256", keys.ps!.priv, { kid: "ps1" })}`)).status).toBe(200);
    expect((await get("/es", `Bearer ${await token("ES256", keys.es!.priv)}`)).status).toBe(200);
    expect((await get("/ed", `Bearer ${await token("EdDSA", keys.ed!.priv, { kid: "ed1" })}`)).status).toBe(200);
  });

  it("a token expired within the clock skew still passes", async () => {
    const t = await token("HS256", enc.encode(SECRET), { exp: Math.floor(Date.now() / 1000) - 2 });
    expect((await get("/hs", `Bearer ${t}`)).status).toBe(200);
  });

  it("Cloudflare Access preset: Cf-Access-Jwt-Assertion, team issuer, AUD tag", async () => {
    const t = await token("RS256", keys.rs1!.priv, {
      kid: "k1",
      iss: "https://team.cloudflareaccess.com",
      aud: "aud-tag",
    });
    expect((await send("/access", { host: HOST, headers: { "cf-access-jwt-assertion": t } })).status).toBe(200);
    await expectRefusal(
      await send("/access", { host: HOST, headers: { authorization: `Bearer ${t}` } }),
      401,
      "AUTH_REQUIRED",
    );
  });
});

describe("JWT: refusals", () => {
  const invalid = async (res: Response, why: RegExp) => {
    const e = await expectRefusal(res, 401, "AUTH_INVALID");
    expect(e.message).toMatch(why);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="edge", error="invalid_token"/);
  };

  it("missing token: 401 AUTH_REQUIRED with a Bearer challenge", async () => {
    const res = await get("/hs");
    await expectRefusal(res, 401, "AUTH_REQUIRED");
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="edge"');
  });

  it("wrong scheme", async () => {
    await expectRefusal(await get("/hs", `Basic ${btoa("a:b")}`), 401, "AUTH_INVALID");
  });

  it("bad signature", async () => {
    const t = await token("HS256", enc.encode(`${SECRET}-other`));
    await invalid(await get("/hs", `Bearer ${t}`), /signature invalid/);
  });

  it("alg none is never accepted", async () => {
    const b64 = (o: object) => btoa(JSON.stringify(o)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const now = Math.floor(Date.now() / 1000);
    const t = `${b64({ alg: "none", typ: "JWT" })}.${b64({ sub: "x", iss: ISS, aud: AUD, exp: now + 60 })}.`;
    await invalid(await get("/hs", `Bearer ${t}`), /token/);
    await invalid(await get("/rs", `Bearer ${t}`), /token/);
  });

  it("HS/RS key confusion: an HS256 token signed with the RSA public key is refused", async () => {
    const t = await token("HS256", enc.encode(rsPem), { kid: "k1" });
    await invalid(await get("/rs", `Bearer ${t}`), /algorithm not allowed/);
  });

  it("an algorithm outside the list (RS256 token on an HS policy)", async () => {
    const t = await token("RS256", keys.rs1!.priv, { kid: "k1" });
    await invalid(await get("/hs", `Bearer ${t}`), /algorithm not allowed/);
  });

  it("expired beyond the skew", async () => {
    const t = await token("HS256", enc.encode(SECRET), { exp: Math.floor(Date.now() / 1000) - 60 });
    await invalid(await get("/hs", `Bearer ${t}`), /expired/);
  });

  it("not yet valid", async () => {
    const t = await token("HS256", enc.encode(SECRET), { nbf: Math.floor(Date.now() / 1000) + 120 });
    await invalid(await get("/hs", `Bearer ${t}`), /not yet valid/);
  });

  it("wrong audience, wrong issuer", async () => {
    await invalid(await get("/hs", `Bearer ${await token("HS256", enc.encode(SECRET), { aud: "other" })}`), /"aud"/);
    await invalid(
      await get("/hs", `Bearer ${await token("HS256", enc.encode(SECRET), { iss: "https://evil" })}`),
      /"iss"/,
    );
  });

  it("missing scope: 403 INSUFFICIENT_SCOPE; with the scope: 200", async () => {
    const res = await get(
      "/scoped",
      `Bearer ${await token("HS256", enc.encode(SECRET), { claims: { scope: "orders:write" } })}`,
    );
    await expectRefusal(res, 403, "INSUFFICIENT_SCOPE");
    expect(res.headers.get("www-authenticate")).toMatch(/error="insufficient_scope", scope="orders:read"/);
    const ok = await token("HS256", enc.encode(SECRET), { claims: { scope: "orders:write orders:read" } });
    expect((await get("/scoped", `Bearer ${ok}`)).status).toBe(200);
  });

  it("unknown kid: key not found, refetched at most once per cooldown; after a JWKS rotation it is accepted", async () => {
    const t2 = await token("RS256", keys.rs2!.priv, { kid: "k2" });
    await new Promise((r) => setTimeout(r, 1100)); // past the 1 s cooldown of earlier fetches
    const before = (await counts()).jwksFetches;
    for (let i = 0; i < 4; i++) await invalid(await get("/rs", `Bearer ${t2}`), /key not found/);
    // The first unknown kid refetched; the next three fell within the cooldown.
    expect((await counts()).jwksFetches - before).toBe(1);
    await putJwks([keys.rs1!.pub, keys.rs2!.pub]);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await get("/rs", `Bearer ${t2}`)).status).toBe(200);
    expect((await get("/rs", `Bearer ${await token("RS256", keys.rs1!.priv, { kid: "k1" })}`)).status).toBe(200);
    // A kid that never appears: key not found.
    await invalid(await get("/rs", `Bearer ${await token("RS256", keys.rs2!.priv, { kid: "k9" })}`), /key not found/);
  });

  it("a verified token is remembered, but never past its exp", async () => {
    const t = await token("HS256", enc.encode(SECRET), { exp: Math.floor(Date.now() / 1000) + 1 });
    expect((await get("/strict", `Bearer ${t}`)).status).toBe(200);
    expect((await get("/strict", `Bearer ${t}`)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 2100));
    await invalid(await get("/strict", `Bearer ${t}`), /expired/);
  });

  it("a route without policies is not affected", async () => {
    expect((await send("/anything", { host: HOST })).status).toBe(200);
  });
});
