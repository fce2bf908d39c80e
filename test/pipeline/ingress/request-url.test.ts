import { describe, expect, it } from "vitest";
import { splitRequestUrl } from "../../../src/pipeline/ingress/request-url.ts";

const FIELDS = ["protocol", "host", "hostname", "port", "pathname", "search"] as const;

function expectSameAsURL(input: string): void {
  const href = new URL(input).href; // what the runtime hands a Worker: an already serialized URL
  const want = new URL(href);
  const got = splitRequestUrl(href);
  for (const f of FIELDS) expect(got[f], `${f} of ${href}`).toBe(want[f]);
}

describe("splitRequestUrl", () => {
  it("agrees with URL on ordinary and awkward request URLs", () => {
    const cases = [
      "http://example.com/",
      "http://example.com",
      "https://api.example.com:8443/v1/users?id=1&x=%20",
      "http://127.0.0.1:8787/a/b/../c?",
      "http://[::1]:8080/p?q=1#frag",
      "http://[::1]/",
      "http://[2001:db8::1]/x",
      "https://example.com:443/default-port-dropped",
      "http://example.com:80/x",
      "http://EXAMPLE.com./Mixed/Case/%2F/%2e%2e/x;y=1",
      "http://example.com//double//slash",
      "http://example.com/?",
      "http://example.com?only=query",
      "http://example.com/#only-fragment",
      "http://example.com/a?b?c#d?e",
      "http://example.com/ü/日本?ä=ö",
      "http://xn--nxasmq6b.example/",
      "http://user:pw@example.com:81/with-userinfo",
    ];
    for (const c of cases) expectSameAsURL(c);
  });

  it("agrees with URL on random paths and queries", () => {
    const alphabet = "abc/?#%2F.:;@[]=&+ é";
    let seed = 7;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let i = 0; i < 500; i++) {
      let tail = "";
      const n = Math.floor(rand() * 20);
      for (let j = 0; j < n; j++) tail += alphabet[Math.floor(rand() * alphabet.length)];
      const host = ["example.com", "127.0.0.1:9000", "[::1]:1", "a.b.c"][i % 4];
      expectSameAsURL(`http://${host}/${tail}`);
    }
  });
});
