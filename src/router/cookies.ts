/**
 * Parses a Cookie header (`a=1; b="2"`) into a map. The first occurrence of a name wins
 * (RFC 6265 ordering puts the most specific path first). Values are not URL-decoded;
 * surrounding double quotes are removed.
 */
export function parseCookieHeader(header: string | null): Map<string, string> {
  const out = new Map<string, string>();
  if (!header) return out;
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
