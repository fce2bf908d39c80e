/**
 * Fixed, unseeded 32-bit hashing for consistent hashing. Every process, runtime and instance
 * computes the same values, so two relays (or two worker isolates) agree on the owner of a key.
 * Strings are hashed as UTF-8 bytes (so the result does not depend on the JS string encoding).
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a 32 of the UTF-8 encoding of `s`, without allocating. */
export function fnv1a32(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) {
    let c = s.charCodeAt(i);
    if (c < 0x80) {
      h = Math.imul(h ^ c, FNV_PRIME);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
      const lo = s.charCodeAt(i + 1);
      if (lo >= 0xdc00 && lo <= 0xdfff) {
        c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
        i++;
      }
    }
    if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd; // lone surrogate: hashed as U+FFFD, like TextEncoder
    if (c < 0x800) {
      h = Math.imul(h ^ (0xc0 | (c >> 6)), FNV_PRIME);
    } else if (c < 0x10000) {
      h = Math.imul(h ^ (0xe0 | (c >> 12)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
    } else {
      h = Math.imul(h ^ (0xf0 | (c >> 18)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 12) & 0x3f)), FNV_PRIME);
      h = Math.imul(h ^ (0x80 | ((c >> 6) & 0x3f)), FNV_PRIME);
    }
    h = Math.imul(h ^ (0x80 | (c & 0x3f)), FNV_PRIME);
  }
  return h >>> 0;
}

/** MurmurHash3's 32-bit finalizer: full avalanche, so nearby inputs give unrelated outputs. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Well-mixed 32-bit hash of a string (FNV-1a followed by an avalanche step). */
export function hashString(s: string): number {
  return fmix32(fnv1a32(s));
}

/** Combines a key hash and an endpoint hash into a uniform value in the open interval (0, 1). */
export function pairUnit(keyHash: number, endpointHash: number): number {
  const h = fmix32((keyHash ^ Math.imul(endpointHash, 0x9e3779b1)) >>> 0);
  return (h + 0.5) / 4294967296;
}
