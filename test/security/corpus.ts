/**
 * The security corpus: request-targets and header sets an attacker would try against a table that
 * guards a prefix (`/admin`) and reserves the admin prefix (`/_edge`). Built from pieces so that every
 * spelling meets every separator trick; each entry is one request.
 */
export interface CorpusEntry {
  target: string;
  headers: Record<string, string>;
  method?: string;
}

/** Spellings of the guarded segment `admin` (case, escapes, overlong UTF-8 of nothing: letters only). */
const ADMIN = ["admin", "ADMIN", "Admin", "%61dmin", "%61%64%6d%69%6e", "%41DMIN", "adm%69n", "admin."];
/** Spellings of the reserved admin prefix segment `_edge`. */
const EDGE = ["_edge", "%5Fedge", "%5fedge", "%5F%65dge", "_EDGE"];

/** What comes before the guarded segment: separators, dot segments in every escape form, backslashes, params. */
const LEAD = [
  "/",
  "//",
  "///",
  "/./",
  "/x/../",
  "/x/y/../../",
  "/%2e/",
  "/%2E/",
  "/x/%2e%2e/",
  "/x/%2E%2E/",
  "/x/.%2e/",
  "/x/%2e./",
  "\\",
  "/x\\..\\",
  "/x/..%2f",
  "/x/..%2F",
  "/x/..%5c",
  "/x/..%5C",
  "/x/%252e%252e/",
  "/x/%252e%252e%252f",
  "/x/%25%32%65%25%32%65/",
  "/x/..;/",
  "/x/..;x=1/",
  "/x/%2e%2e;/",
  "/x/..%3B/",
  "/;x/",
  "/x;y/../",
  "/x/%c0%ae%c0%ae/",
  "/x/%e0%80%ae%e0%80%ae/",
  "/x/..%c0%af",
  "/%00/",
  "/x/%u002e%u002e/",
  "/x/%%32%65%%32%65/",
];

/** What follows the guarded segment. */
const TAIL = ["", "/", "/users", ";jsessionid=1", "%2Fusers", "/..", "?q=1", "/./", "%00", "%20"];

const HOST = "corpus.test";

export function buildCorpus(canary: string): CorpusEntry[] {
  const out: CorpusEntry[] = [];
  const h = { host: HOST };
  for (const lead of LEAD) for (const seg of ADMIN) out.push({ target: `${lead}${seg}/panel`, headers: h });
  for (const seg of ADMIN) for (const tail of TAIL) out.push({ target: `/${seg}${tail}`, headers: h });
  for (const lead of LEAD) for (const seg of EDGE) out.push({ target: `${lead}${seg}/config`, headers: h });
  // Absolute-form targets: the authority must never choose where the edge connects.
  for (const t of [
    `http://${canary}/`,
    `http://${canary}/admin`,
    `http://${HOST}/admin`,
    `http://${HOST}@${canary}/`,
    `http://${canary}#@${HOST}/`,
    `https://${canary}/x`,
    `//${canary}/x`,
  ])
    out.push({ target: t, headers: h });
  // Host and forwarding-header tricks.
  const hostSets: Record<string, string>[] = [
    { host: canary },
    { host: `${HOST}.` },
    { host: HOST.toUpperCase() },
    { host: `${HOST}:443` },
    { host: `${HOST}:80` },
    { host: `${canary}, ${HOST}` },
    { host: HOST, "x-forwarded-host": canary },
    { host: HOST, forwarded: `host=${canary};proto=http` },
    { host: HOST, "x-original-url": "/admin/panel" },
    { host: HOST, "x-rewrite-url": "/admin/panel" },
    { host: HOST, "x-override-url": "/admin" },
    { host: HOST, "x-http-method-override": "DELETE" },
    { host: HOST, "x-forwarded-prefix": "/admin" },
    { host: HOST, "x-forwarded-for": "127.0.0.1", "x-real-ip": "127.0.0.1" },
    { host: HOST, "cf-connecting-ip": "127.0.0.1" },
  ];
  for (const headers of hostSets) for (const p of ["/", "/admin", "/public"]) out.push({ target: p, headers });
  return out;
}
