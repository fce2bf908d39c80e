import { BadPathError } from "../../core/errors/index.ts";
import type { PathSettings } from "../../schema/settings.ts";

/**
 * Normalizes a request path before it is matched and forwarded, so that routes guarding `/admin`
 * cannot be bypassed with `/public/../admin`, `/%61dmin`, `//admin` or `/admin/.`:
 *
 * 1. percent-escapes of unreserved characters (A-Z a-z 0-9 - . _ ~) are decoded (`%61` -> `a`,
 *    `%2E` -> `.`); every other escape is kept with upper-case hex (`%c3%a9` -> `%C3%A9`);
 *    a malformed escape or an encoded NUL is rejected;
 * 2. `%2F` and `%5C` (encoded `/` and `\`) follow `escapedSlashes`: reject (default), keep encoded
 *    (they then never split a segment), or decode to `/`;
 * 3. a raw `\` is treated as `/` (what WHATWG URL parsing already does for http/https URLs);
 * 4. runs of `/` are merged when `mergeSlashes` is on (default);
 * 5. `.` and `..` segments are resolved per RFC 3986 section 5.2.4, never climbing above `/`;
 * 6. a raw `;` (path parameter, `/admin;x=1`) follows `semicolons`: reject (default) or keep. Java
 *    origins drop `;params` per segment, so `/public/..;/admin` is `/admin` to them: a segment that
 *    is `.` or `..` before its `;` is rejected even with `keep`, whatever `escapedSlashes` is (an
 *    encoded `/` or `\` kept by `keep` also ends a segment for this check). `%3B` stays encoded (no
 *    parameter), but `..%3B` is rejected too: an origin that decodes once more reads it as `..;`.
 * 7. a double escape of `.`, `/` or `\` (`%252e`, `%252F`, `%255C`, also `%25252e` and `%25%32%65`,
 *    which step 1 turns into `%252e`) follows `doubleEscapes`: reject (default) or keep; an origin
 *    that decodes once more would see `..` or a separator the edge never matched on;
 * 8. an overlong UTF-8 escape (`%C0%AE`, `%E0%80%AE`, `%C0%AF`: `.` and `/` to a lax decoder) is rejected.
 *
 * Case is preserved: case-insensitive matching is the router's decision, and origins may be case-sensitive.
 * The input is the URL's pathname (already percent-encoded, no query); the output is in the same form.
 */
export function normalizePath(raw: string, settings: PathSettings): string {
  if (raw === "" || raw === "*") return "/";
  if (raw.charCodeAt(0) !== 0x2f) throw new BadPathError("path must start with '/'");
  if (isAlreadyNormal(raw, settings.mergeSlashes)) return raw;
  const decoded = decodeEscapes(raw, settings.escapedSlashes);
  if (settings.doubleEscapes !== "keep" && decoded.includes("%25") && DOUBLE_ESCAPE.test(decoded)) {
    throw new BadPathError("double-encoded '.', '/' or '\\' (%252E, %252F, %255C) in path is not allowed");
  }
  if (decoded.includes(";")) checkSemicolons(decoded, settings.semicolons);
  // `%3B` is no parameter here, but an origin that decodes once more reads `..%3B` as `..;`.
  if (decoded.includes("%3B")) checkDotParams(decoded, /;|%3B/);
  return resolveSegments(decoded, settings.mergeSlashes);
}

function isAlreadyNormal(p: string, mergeSlashes: boolean): boolean {
  return (
    !p.includes("%") &&
    !p.includes("\\") &&
    !p.includes("/.") &&
    !p.includes(";") &&
    !(mergeSlashes && p.includes("//"))
  );
}

/** `%25` (any depth) then the escape of `.`, `/` or `\`; hex after `%25` is literal text, any case. */
const DOUBLE_ESCAPE = /%25(?:25)*(?:2E|2F|5C)/i;
/** Segment ends for the `..;` check: `/`, and `%2F`/`%5C` kept encoded (an origin decodes them to separators). */
const SEGMENT_END = /\/|%2F|%5C/;

/** Runs on the decoded path, so `%2e%2e;` is seen as `..;`. */
function checkSemicolons(p: string, mode: PathSettings["semicolons"]): void {
  if (mode === "reject") throw new BadPathError("';' (path parameter) in path is not allowed");
  checkDotParams(p, /;/);
}

/** Refuses a segment that is `.` or `..` before a parameter separator (`..;`, and `..%3B` when asked). */
function checkDotParams(p: string, param: RegExp): void {
  for (const seg of p.split(SEGMENT_END)) {
    const m = param.exec(seg);
    if (m === null) continue;
    const name = seg.slice(0, m.index);
    if (name === "." || name === "..") throw new BadPathError(`dot segment with a path parameter ("${name};") in path`);
  }
}

const HEX2 = /^[0-9A-Fa-f]{2}$/;

function isUnreserved(code: number): boolean {
  return (
    (code >= 0x41 && code <= 0x5a) || // A-Z
    (code >= 0x61 && code <= 0x7a) || // a-z
    (code >= 0x30 && code <= 0x39) || // 0-9
    code === 0x2d ||
    code === 0x2e ||
    code === 0x5f ||
    code === 0x7e // - . _ ~
  );
}

/**
 * An overlong UTF-8 sequence (`%C0%AE` is `.`, `%C0%AF` is `/` to a lax decoder): lead byte C0 or C1,
 * or E0 followed by 80-9F, or F0 followed by 80-8F. Never valid UTF-8 (RFC 3629), a classic
 * traversal spelling, so refused. `next` is the index after the lead escape.
 */
function isOverlong(lead: number, p: string, next: number): boolean {
  if (lead === 0xc0 || lead === 0xc1) return true;
  if (lead !== 0xe0 && lead !== 0xf0) return false;
  if (p[next] !== "%" || !HEX2.test(p.slice(next + 1, next + 3))) return false;
  const cont = parseInt(p.slice(next + 1, next + 3), 16);
  return lead === 0xe0 ? cont >= 0x80 && cont <= 0x9f : cont >= 0x80 && cont <= 0x8f;
}

function decodeEscapes(p: string, escapedSlashes: PathSettings["escapedSlashes"]): string {
  let out = "";
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    if (ch === "\\") {
      out += "/";
      continue;
    }
    if (ch !== "%") {
      out += ch;
      continue;
    }
    const hex = p.slice(i + 1, i + 3);
    if (!HEX2.test(hex)) throw new BadPathError(`malformed percent-escape "${p.slice(i, i + 3)}" in path`);
    i += 2;
    const code = parseInt(hex, 16);
    if (code === 0) throw new BadPathError("encoded NUL (%00) in path");
    if (code >= 0xc0 && isOverlong(code, p, i + 1)) {
      throw new BadPathError(`overlong UTF-8 escape "${p.slice(i - 2, i + 4)}" in path`);
    }
    if (isUnreserved(code)) out += String.fromCharCode(code);
    else if (code === 0x2f || code === 0x5c) {
      if (escapedSlashes === "reject") {
        throw new BadPathError(`encoded ${code === 0x2f ? "slash (%2F)" : "backslash (%5C)"} in path is not allowed`);
      }
      out += escapedSlashes === "decode" ? "/" : `%${hex.toUpperCase()}`;
    } else out += `%${hex.toUpperCase()}`;
  }
  return out;
}

/** RFC 3986 remove_dot_segments over '/'-separated segments, plus optional slash merging. */
function resolveSegments(p: string, mergeSlashes: boolean): string {
  const segs = p.split("/");
  const stack: string[] = [];
  const last = segs.length - 1;
  for (let k = 1; k <= last; k++) {
    const s = segs[k]!;
    if (s === "." || s === "..") {
      if (s === "..") stack.pop();
      if (k === last) stack.push(""); // `/a/b/..` -> `/a/`
      continue;
    }
    if (s === "" && mergeSlashes && k !== last) continue;
    if (s === "" && mergeSlashes && k === last && stack.length > 0 && stack[stack.length - 1] === "") continue;
    stack.push(s);
  }
  return `/${stack.join("/")}`;
}
