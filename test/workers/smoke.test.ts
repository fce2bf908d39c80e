import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("runs in workerd with the KV binding; with no table the worker answers 503 ROUTE_TABLE_MISSING", async () => {
  await env.ROUTES.put("k", "v");
  expect(await env.ROUTES.get("k")).toBe("v");
  const res = await exports.default.fetch("http://x/");
  expect(res.status).toBe(503);
  expect(await res.json()).toMatchObject({ error: { code: "ROUTE_TABLE_MISSING" } });
});
