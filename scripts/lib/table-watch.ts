/**
 * Follows one file across atomic saves. Editors and `sed -i` write a temporary file and rename it
 * over the original, which ends an fs.watch on the file itself (the watched inode is gone), so the
 * DIRECTORY is watched and events are filtered by name. Content that did not change is ignored.
 */
import { readFileSync, watch } from "node:fs";
import { basename, dirname } from "node:path";

/**
 * Calls `onChange(text)` after each settled change of `file` from `initial` (the content already
 * applied; default: the file as it is now); returns a stop function.
 */
export function watchFile(
  file: string,
  onChange: (text: string) => void,
  { initial = safeRead(file), debounceMs = 150 }: { initial?: string; debounceMs?: number } = {},
): () => void {
  const name = basename(file);
  let last = initial;
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const text = safeRead(file);
    if (text === undefined || text === last) return; // mid-rename, deleted, or unchanged
    last = text;
    onChange(text);
  };
  const watcher = watch(dirname(file), (_event, changed) => {
    // Some platforms give no name: check the file anyway.
    if (changed !== null && changed !== name) return;
    clearTimeout(timer);
    timer = setTimeout(check, debounceMs);
  });
  // A save between reading `initial` and starting the watch is not lost.
  check();
  return () => {
    clearTimeout(timer);
    watcher.close();
  };
}

function safeRead(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}
