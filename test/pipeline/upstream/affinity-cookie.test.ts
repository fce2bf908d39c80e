import { describe, expect, it } from "vitest";
import { opaqueOriginId } from "../../../src/edge/pool-runtime.ts";
import {
  affinitySetCookie,
  decodeAffinityValue,
  encodeAffinityValue,
} from "../../../src/pipeline/upstream/affinity-cookie.ts";
import { CookieAffinitySchema } from "../../../src/schema/pool.ts";

const id = opaqueOriginId("api", { name: "a", url: "http://127.0.0.1:1", weight: 1 });
const NOW = 1_800_000_000_000;

describe("affinity cookie values", () => {
  it("opaque ids are 16 hex chars, stable, and differ per pool", () => {
    expect(id).toMatch(/^[0-9a-f]{16}$/);
    expect(opaqueOriginId("api", { name: "a", url: "http://127.0.0.1:1", weight: 5 })).toBe(id);
    expect(opaqueOriginId("web", { name: "a", url: "http://127.0.0.1:1", weight: 1 })).not.toBe(id);
  });

  it("without a secret the value is the opaque id and an expiry", async () => {
    const v = await encodeAffinityValue("api", id, NOW, 60, undefined);
    expect(v).toBe(`${id}.${NOW / 1000 + 60}`);
    expect(await decodeAffinityValue("api", v, NOW, undefined)).toEqual({ id, expiry: NOW / 1000 + 60 });
    expect(await decodeAffinityValue("api", v, NOW + 61_000, undefined)).toBeNull();
    for (const bad of ["not-an-id", id, `${id}.x`, `${id}.1.2`])
      expect(await decodeAffinityValue("api", bad, NOW, undefined)).toBeNull();
  });

  it("with a secret the value is signed, expires, and is bound to the pool", async () => {
    const v = await encodeAffinityValue("api", id, NOW, 60, "s3cret");
    expect(v).toMatch(/^[0-9a-f]{16}\.\d+\.[A-Za-z0-9_-]{43}$/);
    expect(await decodeAffinityValue("api", v, NOW, "s3cret")).toEqual({ id, expiry: NOW / 1000 + 60 });
    expect(await decodeAffinityValue("api", v, NOW + 61_000, "s3cret")).toBeNull(); // expired
    expect(await decodeAffinityValue("web", v, NOW, "s3cret")).toBeNull(); // other pool
    expect(await decodeAffinityValue("api", v, NOW, "other")).toBeNull(); // other key
    expect(await decodeAffinityValue("api", `${id}.${NOW / 1000 + 60}`, NOW, "s3cret")).toBeNull(); // unsigned
    const [i, e, sig] = v.split(".");
    const forgedId = `${"0".repeat(16)}.${e}.${sig}`;
    const longer = `${i}.${Number(e) + 3600}.${sig}`;
    const flipped = `${i}.${e}.${sig!.slice(0, -1)}${sig!.endsWith("A") ? "B" : "A"}`;
    for (const f of [forgedId, longer, flipped, `${v}.x`, "", "..."])
      expect(await decodeAffinityValue("api", f, NOW, "s3cret")).toBeNull();
  });

  it("renders Set-Cookie attributes", () => {
    const cfg = CookieAffinitySchema.parse({ type: "cookie", ttlSeconds: 120 });
    expect(affinitySetCookie(cfg, "v")).toBe("__edge_aff=v; Max-Age=120; Path=/; SameSite=Lax; Secure; HttpOnly");
    const none = CookieAffinitySchema.parse({
      type: "cookie",
      name: "s",
      secure: false,
      httpOnly: false,
      sameSite: "None",
      path: "/app",
    });
    expect(affinitySetCookie(none, "v")).toBe("s=v; Max-Age=3600; Path=/app; SameSite=None; Secure");
    const plain = CookieAffinitySchema.parse({ type: "cookie", secure: false, httpOnly: false, sameSite: "Strict" });
    expect(affinitySetCookie(plain, "v")).toBe("__edge_aff=v; Max-Age=3600; Path=/; SameSite=Strict");
  });
});
