/** Hashing and constant-time comparison for stored credentials (WebCrypto only). */

const encoder = new TextEncoder();

export async function sha256Hex(text: string): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
  let out = "";
  for (const b of d) out += b.toString(16).padStart(2, "0");
  return out;
}

/** Equal-length comparison whose time does not depend on where the inputs differ. */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

export function hexToBytes(hex: string): Uint8Array {
  const out = new Uint8Array(hex.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function base64UrlToBytes(s: string): Uint8Array {
  const b64 = s.replace(/-/g, "+").replace(/_/g, "/");
  const bin = atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4));
  return Uint8Array.from(bin, (ch) => ch.charCodeAt(0));
}

/** A stored password hash (see PasswordHashSchema), parsed once per table version. */
export interface PasswordVerifier {
  verify(password: string): Promise<boolean>;
}

export function passwordVerifier(stored: string): PasswordVerifier {
  if (stored.startsWith("sha256:")) {
    const want = hexToBytes(stored.slice(7));
    return {
      async verify(password) {
        return constantTimeEqual(new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(password))), want);
      },
    };
  }
  const [, iterations, salt, hash] = stored.split(":");
  const saltBytes = base64UrlToBytes(salt!);
  const want = base64UrlToBytes(hash!);
  return {
    async verify(password) {
      const key = await crypto.subtle.importKey("raw", encoder.encode(password), "PBKDF2", false, ["deriveBits"]);
      const bits = await crypto.subtle.deriveBits(
        { name: "PBKDF2", hash: "SHA-256", salt: saltBytes, iterations: Number(iterations) },
        key,
        want.length * 8,
      );
      return constantTimeEqual(new Uint8Array(bits), want);
    },
  };
}
