/**
 * Parses a Cookie header (`a=1; b="2"`) into a map. The first occurrence of a name wins
 * (RFC 6265 ordering puts the most specific path first). Values are not URL-decoded;
 * surrounding double quotes are removed.
 */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
  header = asOneCookieList(header);
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = header.length;
    const eq = header.indexOf("=", start);
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim();
      let value = header.slice(eq + 1, end).trim();
      if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (name && !out.has(name)) out.set(name, value);
    }
    start = end + 1;
  }
  return out;
}

/** The value of one cookie (first occurrence), scanning the header without building a map. */
export function cookieValue(header: string | null, name: string): string | undefined {
  // Most requests lack any given cookie: one substring search (fast, native) rules it out.
  if (!header || header.indexOf(name) === -1) return undefined;
  header = asOneCookieList(header);
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(";", start);
    if (end === -1) end = header.length;
    while (start < end && (header.charCodeAt(start) === 32 || header.charCodeAt(start) === 9)) start++;
    if (header.startsWith(name, start)) {
      let eq = start + name.length;
      while (eq < end && (header.charCodeAt(eq) === 32 || header.charCodeAt(eq) === 9)) eq++;
      if (header.charCodeAt(eq) === 61 /* = */) {
        let value = header.slice(eq + 1, end).trim();
        if (value.length >= 2 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
        return value;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/**
 * Repeated Cookie header lines (HTTP/2 clients send one per cookie, RFC 9113 section 8.2.3) reach
 * the worker joined by the runtime with ", ". Each ", " (or ",") that starts a new `name=` pair is
 * turned back into "; ", so the whole header is one cookie list. A cookie value cannot hold an
 * unquoted ',' (RFC 6265 section 4.1.1); a ',' inside a double-quoted value, or one not followed
 * by `name=` (a legacy date-like value), is left alone.
 */
export function asOneCookieList(header: string): string {
  if (header.indexOf(",") === -1) return header;
  let out = "";
  let from = 0;
  let quoted = false;
  for (let i = 0; i < header.length; i++) {
    const c = header.charCodeAt(i);
    if (c === 34 /* " */) quoted = !quoted;
    else if (c === 59 /* ; */) quoted = false;
    else if (c === 44 /* , */ && !quoted && NEXT_PAIR.test(header.slice(i + 1, i + 1 + 257))) {
      out += `${header.slice(from, i)};`;
      from = i + 1;
    }
  }
  return from === 0 ? header : out + header.slice(from);
}

/** Optional whitespace, a cookie-name token (RFC 9110 tchar), then '='. */
const NEXT_PAIR = /^[ \t]*[!#$%&'*+\-.^_`|~0-9A-Za-z]+[ \t]*=/;
