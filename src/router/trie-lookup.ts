/**
 * Reading a built segment trie (trie.ts) without the matcher's pruning: where a compressed static
 * key leaves the walk, and every entry whose pattern fits a path (static-path candidates are
 * precomputed with it).
 */
import type { Entry } from "./entry.ts";
import type { TrieNode } from "./trie.ts";

export const NO_MATCH = -2;

/**
 * Where the walk continues after a (possibly compressed, multi-segment) static key at `pos`:
 * the next segment's start, -1 when the path ends with the key, NO_MATCH when it does not fit.
 */
export function afterSoleKey(key: string, path: string, pos: number): number {
  if (!path.startsWith(key, pos)) return NO_MATCH;
  const stop = pos + key.length;
  if (stop === path.length) return -1;
  return path.charCodeAt(stop) === 47 /* / */ ? stop + 1 : NO_MATCH;
}

/**
 * Every entry whose pattern matches `path` (no pruning). Used at compile time to precompute the
 * candidates of static paths; mirrors HostIndex's walk.
 */
export function collectEntries(
  node: TrieNode,
  path: string,
  pos: number,
  out: Entry[],
  inSegment: (seg: string, prefix: string) => boolean,
): void {
  if (node.pending !== null) node.build();
  for (const e of node.rest) out.push(e);
  if (pos === -1) {
    for (const e of node.end) out.push(e);
    return;
  }
  let end = path.indexOf("/", pos);
  let next = end + 1;
  if (end === -1) {
    end = path.length;
    next = -1;
  }
  const seg = path.slice(pos, end);
  if (node.soleKey !== null) {
    const after = afterSoleKey(node.soleKey, path, pos);
    if (after !== NO_MATCH) collectEntries(node.soleNode!, path, after, out, inSegment);
  }
  const c = node.statics?.get(seg) ?? (node.lazy !== null ? node.buildLazy(seg) : undefined);
  if (c) collectEntries(c, path, next, out, inSegment);
  if (node.one && seg !== "") collectEntries(node.one, path, next, out, inSegment);
  if (node.any) collectEntries(node.any, path, next, out, inSegment);
  for (const len of node.startLengths) {
    const c = len <= seg.length ? node.starts!.get(seg.slice(0, len)) : undefined;
    if (c) collectEntries(c, path, next, out, inSegment);
  }
  const after = next === -1 && pos === 1 ? path.length : next; // see HostIndex.#walk
  for (const v of node.versions ?? [])
    if (inSegment(seg, v.prefix)) collectEntries(v.node, path, after, out, inSegment);
}
