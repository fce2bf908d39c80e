import { cloudflareTest } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";

/** Suites that move bytes through the relay's TCP data path (tcp/fast-path.ts decides which path). */
const RELAY_DATA_PATH_SUITES = [
  "test/relay/tcp/**/*.test.ts",
  "test/relay/proxy-protocol/relay.test.ts",
  "test/relay/proxy-protocol/haproxy.test.ts",
  "test/relay/sni/tls.test.ts",
  "test/relay/control/reload.test.ts",
];

/** Suites that spawn whole programs or load the machine (npm start, wrangler, soaks, a browser). */
const SPAWNED = [
  "test/e2e/start-reload.test.ts",
  "test/deploy/**/*.test.ts",
  "test/cli/push-local.test.ts",
  "test/soak/**/*.test.ts",
  "test/relay/soak/**/*.test.ts",
  "test/e2e/dashboard.test.ts",
];

export default defineConfig({
  test: {
    // Every request the worker answers writes an access-log line (src/observe); test/observe asserts
    // them through Miniflare's log capture, elsewhere they are noise.
    onConsoleLog: (log) => !log.includes('"event":"access"'),
    projects: [
      {
        // Pure TypeScript units, the relay (real sockets) and end-to-end tests that drive workerd from Node.
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**", "test/policies/workers/**", ...SPAWNED],
          testTimeout: 30_000,
          hookTimeout: 60_000,
          sequence: { groupOrder: 0 },
        },
      },
      {
        // The relay's data-path suites again with the fast path off (RELAY_FAST_PATH=off): the
        // socket.write fallback the start-up self-check falls back to is never untested.
        test: {
          name: "relay-fallback",
          environment: "node",
          include: RELAY_DATA_PATH_SUITES,
          env: { RELAY_FAST_PATH: "off" },
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
            // JWT_SECRET, EDGE_TRUST_COUNTRY_HEADER and API_BEARER_TOKEN serve the policy tests (test/policies/workers).
            miniflare: {
              bindings: {
                ROUTES_REFRESH_SECONDS: "1",
                ADMIN_TOKEN: "test-admin-token-0123456789",
                JWT_SECRET: "env-secret-for-hs256-tests-0123456789abcdef",
                EDGE_TRUST_COUNTRY_HEADER: "1",
                API_BEARER_TOKEN: "bearer-token-from-env-secret",
              },
            },
          }),
        ],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts", "test/policies/workers/**/*.test.ts"],
          globalSetup: ["test/workers/global-setup.ts", "test/policies/workers/global-setup.ts"],
          testTimeout: 30_000,
          sequence: { groupOrder: 0 },
        },
      },
    ],
  },
});
