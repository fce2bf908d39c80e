import fc from "fast-check";
import { SignJWT } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { counts, guardedPool, load, send } from "./helpers.ts";

/**
 * Property: a request without valid credentials never reaches the origin of a protected route,
 * whatever its path spelling (dot segments, doubled or encoded slashes, percent-encoded letters,
 * case, matrix parameters, trailing dots) and whatever bad credentials it carries. Three protected
 * routes (JWT under /admin, API key under /users, Basic auth under /x…); every other path is answered
 * by the edge itself.
 */
const HOST = "guarded.test";
const SECRET = "property-test-secret-0123456789abcdefgh";

beforeAll(async () => {
  await load({
    version: "policies-property-1",
    pools: { guarded: guardedPool() },
    policies: {
      auth: { type: "jwt", algorithms: ["HS256"], secret: SECRET },
      keys: { type: "apiKey", keys: [{ name: "k", sha256: "0".repeat(64) }] },
      ops: { type: "basicAuth", users: [{ username: "admin", password: `sha256:${"1".repeat(64)}` }] },
    },
    virtualHosts: [
      {
        name: "guarded",
        domains: [HOST],
        routes: [
          {
            name: "private",
            match: { path: { segmentPrefix: "/admin" } },
            policies: ["auth"],
            action: { type: "forward", pool: "guarded" },
          },
          { name: "rest", action: { type: "direct", status: 404, body: "not here" } },
        ],
      },
    ],
  });
});

const segment = fc.constantFrom(
  "admin",
  "ADMIN",
  "Admin",
  "%61dmin",
  "adm%69n",
  "%2e",
  "%2E%2E",
  ".",
  "..",
  "",
  "x",
  "admin;x=1",
  "admin%2F..",
  "admin.",
  "%00",
  "users",
);
const pathSpelling = fc
  .array(segment, { minLength: 1, maxLength: 6 })
  .map((parts) => `/${parts.join("/")}`)
  .chain((p) => fc.constantFrom(p, `${p}/`, `/${p}`, `${p}?q=1`, `${p}#frag`));

const badCredentials = fc.constantFrom<Record<string, string>>(
  {},
  { authorization: "" },
  { authorization: "Bearer" },
  { authorization: "Bearer " },
  { authorization: "Bearer not.a.jwt" },
  { authorization: "Basic YWRtaW46YWRtaW4=" },
  { authorization: "bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0." },
  { "x-api-key": "whatever" },
);

describe("property: no valid credentials, no origin", () => {
  it("a valid token does reach the origin (the counter can move)", async () => {
    const before = (await counts()).origin;
    const t = await new SignJWT({ sub: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(SECRET));
    const res = await send("/admin/x", { host: HOST, headers: { authorization: `Bearer ${t}` } });
    expect(res.status).toBe(200);
    await res.body?.cancel();
    expect((await counts()).origin).toBe(before + 1);
  });

  it("whatever the path spelling and bad credentials", async () => {
    const wrongSecret = await new SignJWT({ sub: "x" })
      .setProtectedHeader({ alg: "HS256" })
      .setExpirationTime("1m")
      .sign(new TextEncoder().encode(`${SECRET}-wrong`));
    const creds = fc.oneof(badCredentials, fc.constant({ authorization: `Bearer ${wrongSecret}` }));
    const before = (await counts()).origin;
    await fc.assert(
      fc.asyncProperty(
        pathSpelling,
        creds,
        fc.constantFrom("GET", "POST", "HEAD", "OPTIONS"),
        async (path, headers, method) => {
          const res = await send(path, { host: HOST, method, headers });
          await res.body?.cancel();
          expect(res.status).not.toBe(200);
        },
      ),
      { numRuns: 300, seed: 20261206 },
    );
    expect((await counts()).origin).toBe(before);
  });
});
