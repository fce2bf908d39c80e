import { describe, expect, it } from "vitest";
import { directResponse } from "../../../src/pipeline/action/direct.ts";
import { redirectResponse } from "../../../src/pipeline/action/redirect.ts";
import type { RequestContext } from "../../../src/pipeline/request-context.ts";
import type { RedirectAction } from "../../../src/schema/l7.ts";
import { DEFAULT_SETTINGS } from "../../../src/schema/settings.ts";

function rc(url: string, method = "GET"): RequestContext {
  const u = new URL(url);
  return {
    request: new Request(url, { method }),
    url: u,
    host: u.hostname,
    path: u.pathname,
    requestId: "rid",
    traceparent: "",
    clientIp: "",
    settings: DEFAULT_SETTINGS,
  };
}
const redirect = (a: Partial<RedirectAction>): RedirectAction => ({
  type: "redirect",
  code: 301,
  stripQuery: false,
  ...a,
});

describe("redirectResponse", () => {
  it("keeps scheme, host, port and query unless told otherwise", () => {
    const r = redirectResponse(rc("http://a.example:8080/x?q=1"), redirect({ code: 307 }), "/y");
    expect(r.status).toBe(307);
    expect(r.headers.get("location")).toBe("http://a.example:8080/y?q=1");
    expect(r.headers.get("x-request-id")).toBe("rid");
  });

  it("a scheme change drops the old port; an explicit port or host:port wins", () => {
    expect(
      redirectResponse(rc("http://a.example:8080/x"), redirect({ scheme: "https" }), "/x").headers.get("location"),
    ).toBe("https://a.example/x");
    expect(
      redirectResponse(rc("http://a.example:8080/x"), redirect({ scheme: "https", port: 8443 }), "/x").headers.get(
        "location",
      ),
    ).toBe("https://a.example:8443/x");
    expect(
      redirectResponse(
        rc("http://a.example/x?z"),
        redirect({ host: "b.example:9000", stripQuery: true }),
        "/x",
      ).headers.get("location"),
    ).toBe("http://b.example:9000/x");
  });
});

describe("directResponse", () => {
  it("sets the default content type only when there is a body, and sends no body to HEAD", async () => {
    const get = directResponse(rc("http://a/x"), { type: "direct", status: 410, body: "gone" });
    expect(get.headers.get("content-type")).toBe("text/plain; charset=utf-8");
    expect(await get.text()).toBe("gone");
    const head = directResponse(rc("http://a/x", "HEAD"), { type: "direct", status: 410, body: "gone" });
    expect(await head.text()).toBe("");
    const empty = directResponse(rc("http://a/x"), { type: "direct", status: 204 });
    expect(empty.headers.has("content-type")).toBe(false);
  });

  it("uses configured headers and content type", () => {
    const r = directResponse(rc("http://a/x"), {
      type: "direct",
      status: 503,
      body: "{}",
      contentType: "application/json",
      headers: { "retry-after": "60" },
    });
    expect(r.headers.get("content-type")).toBe("application/json");
    expect(r.headers.get("retry-after")).toBe("60");
  });
});
