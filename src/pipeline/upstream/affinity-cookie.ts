import type { CookieAffinity } from "../../schema/pool.ts";

/**
 * Affinity cookie values.
 *
 * Without a secret the value is `<id>.<expiry>`, where id is the origin's opaque id: a hash of
 * (pool, origin name, url) that means something only inside its pool, so a forged value can at
 * most name another origin of the same pool (or nothing, and is ignored). The expiry only drives
 * renewal.
 * With `AFFINITY_SECRET` set the value is `<id>.<expiry>.<HMAC-SHA256>` over pool, id and expiry;
 * a value that fails verification (checked with crypto.subtle.verify, which compares in constant
 * time) or has expired is ignored.
 */
const encoder = new TextEncoder();
const keys = new Map<string, Promise<CryptoKey>>();

function hmacKey(secret: string): Promise<CryptoKey> {
  let k = keys.get(secret);
  if (k === undefined) {
    k = crypto.subtle.importKey("raw", encoder.encode(secret), { name: "HMAC", hash: "SHA-256" }, false, [
      "sign",
      "verify",
    ]);
    if (keys.size > 4) keys.clear(); // secrets rotate rarely; never grow without bound
    keys.set(secret, k);
  }
  return k;
}

function signedData(pool: string, id: string, expiry: number): Uint8Array {
  return encoder.encode(`edge-aff-v1\n${pool}\n${id}\n${expiry}`);
}

function toB64url(buf: ArrayBuffer): string {
  let s = "";
  for (const b of new Uint8Array(buf)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function fromB64url(s: string): Uint8Array | null {
  if (!/^[A-Za-z0-9_-]{43}$/.test(s)) return null; // 32 bytes
  const bin = atob(`${s.replace(/-/g, "+").replace(/_/g, "/")}=`);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function encodeAffinityValue(
  pool: string,
  id: string,
  nowMs: number,
  ttlSeconds: number,
  secret: string | undefined,
): Promise<string> {
  const expiry = Math.floor(nowMs / 1000) + ttlSeconds;
  if (!secret) return `${id}.${expiry}`;
  const sig = await crypto.subtle.sign("HMAC", await hmacKey(secret), signedData(pool, id, expiry));
  return `${id}.${expiry}.${toB64url(sig)}`;
}

export interface DecodedAffinity {
  id: string;
  /** Unix seconds. */
  expiry: number;
}

/** Returns the origin id named by a cookie value, or null when it is malformed, forged or expired. */
export async function decodeAffinityValue(
  pool: string,
  value: string,
  nowMs: number,
  secret: string | undefined,
): Promise<DecodedAffinity | null> {
  const parts = value.split(".");
  if (parts.length !== (secret ? 3 : 2)) return null;
  const [id, exp, sig] = parts as [string, string, string | undefined];
  if (!/^[0-9a-f]{16}$/.test(id) || !/^\d{1,12}$/.test(exp)) return null;
  const expiry = Number(exp);
  if (expiry * 1000 <= nowMs) return null;
  if (!secret || sig === undefined) return { id, expiry };
  const mac = fromB64url(sig);
  if (mac === null) return null;
  const ok = await crypto.subtle.verify("HMAC", await hmacKey(secret), mac, signedData(pool, id, expiry));
  return ok ? { id, expiry } : null;
}

/** Set-Cookie header value for an affinity cookie. */
export function affinitySetCookie(cfg: CookieAffinity, value: string): string {
  let c = `${cfg.name}=${value}; Max-Age=${cfg.ttlSeconds}; Path=${cfg.path}; SameSite=${cfg.sameSite}`;
  if (cfg.secure || cfg.sameSite === "None") c += "; Secure"; // browsers drop SameSite=None without Secure
  if (cfg.httpOnly) c += "; HttpOnly";
  return c;
}
