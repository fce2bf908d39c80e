import { env, exports } from "cloudflare:workers";
import { expect, it } from "vitest";

it("runs in workerd with the KV binding", async () => {
  await env.ROUTES.put("k", "v");
  expect(await env.ROUTES.get("k")).toBe("v");
  const res = await exports.default.fetch("http://x/");
  expect(res.status).toBe(200);
});
