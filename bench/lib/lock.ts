/**
 * One bench at a time: two runs would compete for the same 2 cores (making both sets of numbers
 * meaningless) and share bench/tmp (the relay reloads a config file another run rewrites).
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the lock or returns the pid holding it. */
export function takeLock(path: string): number | null {
  mkdirSync(dirname(path), { recursive: true });
  try {
    const holder = Number(readFileSync(path, "utf8").trim());
    if (holder && holder !== process.pid && alive(holder)) return holder;
  } catch {
    /* no lock yet */
  }
  writeFileSync(path, String(process.pid));
  return null;
}

export function releaseLock(path: string): void {
  try {
    if (Number(readFileSync(path, "utf8").trim()) === process.pid) rmSync(path);
  } catch {
    /* already gone */
  }
}
