/**
 * Relative links and #anchors in the project's Markdown, checked the way GitHub renders them:
 * a link resolves to a file or folder in the repository, and an anchor to a heading's slug in it.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative } from "node:path";

/** GitHub's heading id: lower case, punctuation dropped (not `-` or `_`), spaces to `-`. */
export function slug(heading: string): string {
  return heading
    .replace(/`/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, "")
    .replace(/\s/g, "-");
}

/** Text outside fenced code blocks and inline code spans, line by line. */
function proseLines(text: string): string[] {
  let fenced = false;
  return text.split("\n").map((line) => {
    if (/^\s*(```|~~~)/.test(line)) {
      fenced = !fenced;
      return "";
    }
    return fenced ? "" : line.replace(/`[^`]*`/g, "");
  });
}

/** Every anchor a file offers: heading slugs (duplicates numbered -1, -2...) and explicit ids. */
export function anchors(text: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  let fenced = false;
  for (const line of text.split("\n")) {
    if (/^\s*(```|~~~)/.test(line)) fenced = !fenced;
    if (fenced) continue;
    const h = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (h) {
      const base = slug(h[1]!);
      const n = seen.get(base) ?? 0;
      seen.set(base, n + 1);
      out.add(n === 0 ? base : `${base}-${n}`);
    }
    for (const m of line.matchAll(/<a\s+(?:name|id)="([^"]+)"/g)) out.add(m[1]!);
  }
  return out;
}

export interface BrokenLink {
  file: string;
  line: number;
  target: string;
  why: string;
}

/** The broken relative links of one Markdown file (paths relative to `root`). */
export function brokenLinks(root: string, file: string): BrokenLink[] {
  const abs = join(root, file);
  const text = readFileSync(abs, "utf8");
  const broken: BrokenLink[] = [];
  proseLines(text).forEach((line, i) => {
    for (const m of line.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) {
      const target = m[1]!;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue; // https:, mailto:
      const [path, anchor] = target.split("#", 2) as [string, string | undefined];
      const dest = path === "" ? abs : join(dirname(abs), decodeURIComponent(path));
      const at = { file, line: i + 1, target };
      if (!existsSync(dest)) {
        broken.push({ ...at, why: `no such file ${relative(root, dest)}` });
        continue;
      }
      if (anchor === undefined || !dest.endsWith(".md") || statSync(dest).isDirectory()) continue;
      if (!anchors(readFileSync(dest, "utf8")).has(anchor))
        broken.push({ ...at, why: `no heading #${anchor} in ${relative(root, dest)}` });
    }
  });
  return broken;
}
