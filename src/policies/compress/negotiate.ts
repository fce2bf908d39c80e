/** An encoding the compress policy can produce with CompressionStream. */
export type Encoding = "gzip" | "deflate";

/**
 * The first encoding of `offered` the client's Accept-Encoding allows (RFC 9110 section 12.5.3):
 * named with q > 0, or covered by `*` with q > 0 and not named with q=0. undefined: send identity.
 */
export function negotiate(acceptEncoding: string | null, offered: readonly Encoding[]): Encoding | undefined {
  if (acceptEncoding === null || acceptEncoding === "") return undefined;
  const q = new Map<string, number>();
  for (const part of acceptEncoding.split(",")) {
    const [name, ...params] = part.split(";");
    const coding = name!.trim().toLowerCase();
    if (coding === "") continue;
    let weight = 1;
    for (const p of params) {
      const m = /^\s*q\s*=\s*([0-9.]+)\s*$/i.exec(p);
      if (m) weight = Number(m[1]);
    }
    q.set(coding, Number.isNaN(weight) ? 0 : weight);
  }
  const star = q.get("*");
  for (const enc of offered) {
    const w = q.get(enc) ?? (enc === "gzip" ? q.get("x-gzip") : undefined) ?? star;
    if (w !== undefined && w > 0) return enc;
  }
  return undefined;
}

/** Whether a Content-Type is in the list (`text/*` covers a whole type); parameters are ignored. */
export function compressibleType(contentType: string | null, types: readonly string[]): boolean {
  if (contentType === null) return false;
  const mediaType = contentType.split(";", 1)[0]!.trim().toLowerCase();
  const slash = mediaType.indexOf("/");
  if (slash <= 0) return false;
  const whole = `${mediaType.slice(0, slash)}/*`;
  return types.includes(mediaType) || types.includes(whole);
}
