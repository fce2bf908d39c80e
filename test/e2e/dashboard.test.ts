import { existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Browser, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Edge, startEdge, withProbe } from "../helpers/edge.ts";
import { rawRequest } from "../helpers/http.ts";

/**
 * The dashboard in a real browser (Debian's chromium via playwright-core) against the real worker
 * in workerd with local KV and loopback origins: log in, see the routes, run explain, roll back a
 * version and see traffic follow. (A panel whose endpoint answers 404 says it is unavailable; the
 * page's other panels keep working — not exercised here, where every endpoint exists.)
 */
const CHROMIUM = "/usr/bin/chromium";
const TOKEN = "dashboard-admin-token-0123456789";
const HOST = "dash.test";
const SCREENSHOT = join(tmpdir(), "edge-router-dashboard.png");
const present = existsSync(CHROMIUM);
const text = async (l: Locator) => (await l.textContent()) ?? "";
if (!present && process.env.CI !== "true")
  console.warn(`dashboard browser test skipped: ${CHROMIUM} is missing (apt-get install chromium)`);

const doc = (version: string, pool: string, edge: Edge) =>
  withProbe({
    version,
    settings: { debugHeaders: true },
    pools: {
      blue: { origins: [{ name: "blue-1", url: edge.origins.blue!.url }] },
      green: { origins: [{ name: "green-1", url: edge.origins.green!.url, weight: 2 }] },
    },
    virtualHosts: [
      {
        name: "dash",
        domains: [HOST],
        routes: [
          { name: "app", match: { path: { segmentPrefix: "/app" } }, action: { type: "forward", pool } },
          {
            name: "health",
            match: { path: { exact: "/healthz" } },
            action: { type: "direct", status: 200, body: "ok" },
          },
        ],
      },
    ],
  });

it("chromium is installed (required under CI=true; locally its absence skips the browser test)", () => {
  if (!present && process.env.CI === "true")
    throw new Error(`${CHROMIUM} is missing: install the Debian package chromium (apt-get install chromium)`);
});

describe.runIf(present)("dashboard (chromium)", () => {
  let edge: Edge;
  let browser: Browser;
  let page: Page;

  const admin = (path: string, init: RequestInit = {}) =>
    fetch(new URL(`/_edge${path}`, edge.base), {
      ...init,
      headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...init.headers },
    });
  async function put(version: string, pool: string) {
    const res = await admin("/config", {
      method: "PUT",
      body: JSON.stringify(doc(version, pool, edge)),
      headers: { "x-edge-author": "dashboard-test", "x-edge-comment": `route app to ${pool}` },
    });
    expect(res.status).toBe(200);
  }
  /** Which origin answers /app now (x-edge-origin, debugHeaders on). */
  const origin = async () =>
    String((await rawRequest(edge.base, "/app/x", { headers: { host: HOST } })).headers["x-edge-origin"]);
  async function until(want: () => Promise<boolean>, what: string, ms = 15_000) {
    const deadline = Date.now() + ms;
    while (!(await want())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  beforeAll(async () => {
    edge = await startEdge(["blue", "green"], { bindings: { ADMIN_TOKEN: TOKEN } });
    await put("dash-1", "blue");
    await until(async () => (await origin()) === "blue/blue-1", "dash-1 to be served");
    await put("dash-2", "green");
    await until(async () => (await origin()) === "green/green-1", "dash-2 to be served");
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox"] });
    page = await browser.newPage({ viewport: { width: 1280, height: 1100 } });
  });
  afterAll(async () => {
    await browser?.close();
    await edge?.close();
  });

  it("logs in (a wrong token is refused), then shows the routes, pools and live metrics", async () => {
    await page.goto(`${edge.base}/_edge/ui`);
    await page.fill("#token", "wrong-token-wrong-token");
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#login-error:has-text('refused')");
    await page.fill("#token", TOKEN);
    await page.click("#login-form button[type=submit]");
    await page.waitForSelector("#app:not([hidden])");
    expect(await page.evaluate(() => sessionStorage.getItem("edge-router.admin-token"))).toBe(TOKEN);

    const row = page.locator("#routes tr[data-route=app]");
    await row.waitFor();
    expect(await text(row)).toContain("forward → green");
    expect(await text(page.locator("#routes tr[data-route=health]"))).toContain("direct 200");
    await page.waitForSelector("#active-version:has-text('dash-2')");

    for (let i = 0; i < 5; i++) await rawRequest(edge.base, "/app/x", { headers: { host: HOST } });
    const chart = page.locator("#metrics .chart[data-route='dash/app']");
    await chart.waitFor({ timeout: 10_000 });
    await expect
      .poll(async () => Number((await text(chart.locator(".total"))).split(" ")[0]), { timeout: 10_000 })
      .toBeGreaterThanOrEqual(5);
    expect(await chart.locator("svg").count()).toBe(2);
    const green = page.locator("#pools tr[data-origin='green/green-1']");
    await expect
      .poll(async () => Number(await text(green.locator(".requests"))), { timeout: 10_000 })
      .toBeGreaterThan(0);
    expect(await text(green.locator(".weight"))).toBe("2");
  });

  it("explains a request (POST /_edge/explain)", async () => {
    expect((await admin("/explain", { method: "POST", body: "{}" })).status).not.toBe(404);
    await page.fill("#explain-url", `http://${HOST}/app/users`);
    await page.click("#explain-form button[type=submit]");
    await page.waitForSelector("#explain-result .summary");
    expect(await text(page.locator("#explain-result .vhost"))).toBe("dash");
    expect(await text(page.locator("#explain-result .route"))).toBe("app");
  });

  it("rolls back a version and traffic follows (versions API)", async () => {
    const versions = await admin("/versions");
    expect(versions.status).toBe(200);
    const list = (await versions.json()) as { active: string; versions: { id: string; version: string }[] };
    const old = list.versions.find((v) => v.version === "dash-1")!;
    expect(old).toBeDefined();
    const row = page.locator(`#versions tr[data-version='${old.id}']`);
    await row.waitFor({ timeout: 15_000 });
    // The diff against the active version names the changed pool of route app.
    await row.locator("button.diff").click();
    const change = page.locator("#diff ul.changes li").first();
    await change.waitFor();
    expect(await text(page.locator("#diff"))).toContain("virtualHosts");
    page.once("dialog", (d) => void d.accept());
    await row.locator("button.activate").click();
    await page.waitForSelector("#activated");
    // Traffic follows: the worker serves dash-1 again, so /app goes to blue.
    await until(async () => (await origin()) === "blue/blue-1", "traffic to move back to blue");
    for (let i = 0; i < 3; i++) await rawRequest(edge.base, "/app/x", { headers: { host: HOST } });
    const blue = page.locator("#pools tr[data-origin='blue/blue-1']");
    await expect
      .poll(async () => Number(await text(blue.locator(".requests"))), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await page.waitForSelector("#active-version:has-text('dash-1')", { timeout: 15_000 });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
  });
});
