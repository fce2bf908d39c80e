import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

const SPAWNED = ["test/e2e/start-reload.test.ts", "test/deploy/**/*.test.ts"];

export default defineConfig({
  test: {
    projects: [
      {
        // Pure TypeScript units, the relay (real sockets) and end-to-end tests that drive workerd from Node.
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**", ...SPAWNED],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // Suites that spawn whole programs (npm start with workerd and the relay, wrangler bundling):
        // they run after the others, so their CPU load does not upset timing-sensitive relay tests.
        test: {
          name: "spawned",
          environment: "node",
          include: SPAWNED,
          testTimeout: 30_000,
          hookTimeout: 90_000,
          sequence: { groupOrder: 1 },
        },
      },
      {
        // Tests that run inside workerd with the real KV binding from wrangler.toml.
        // Real Node origins are started by the globalSetup; a 1 s refresh keeps reload tests short.
        plugins: [
          cloudflareTest({
            wrangler: { configPath: "./wrangler.toml" },
            // ADMIN_TOKEN enables the admin API under /_edge (test/workers/admin.test.ts); other tests never use that prefix.
            miniflare: { bindings: { ROUTES_REFRESH_SECONDS: "1", ADMIN_TOKEN: "test-admin-token-0123456789" } },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          globalSetup: ["test/workers/global-setup.ts"],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
