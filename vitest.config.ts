import { defineConfig } from "vitest/config";
import { cloudflareTest } from "@cloudflare/vitest-plugin";

export default defineConfig({
  test: {
    projects: [
      {
        // Pure TypeScript units, the relay (real sockets) and end-to-end tests that drive workerd from Node.
        test: {
          name: "node",
          environment: "node",
          include: ["test/**/*.test.ts"],
          exclude: ["test/workers/**"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        // Tests that run inside workerd with the real KV binding from wrangler.toml.
        plugins: [cloudflareTest({ wrangler: { configPath: "./wrangler.toml" } })],
        test: {
          name: "workers",
          include: ["test/workers/**/*.test.ts"],
          testTimeout: 30_000,
        },
      },
    ],
  },
});
