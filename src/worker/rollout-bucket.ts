/** The cookie that pins a client's rollout bucket (else the client IP decides). */
export const ROLLOUT_COOKIE = "edge_rollout";

/**
 * A client's place in [0, 1) for a rollout: FNV-1a (32 bit) of the rollout id and the client key,
 * then murmur3's 32-bit finalizer.
 * Stable for a client during one rollout; salted by the id so each rollout samples other clients.
 */
export function bucketOf(rolloutId: string, clientKey: string): number {
  let h = 0x811c9dc5;
  const s = `${rolloutId}\u0000${clientKey}`;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  // FNV-1a alone barely moves the high bits for a change in the last characters (IPs differ there):
  // murmur3's finalizer mixes every input bit into every output bit.
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return (h >>> 0) / 2 ** 32;
}
