import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: [
      "core/test/**/*.test.ts",
      "bot/test/**/*.test.ts",
      "cli/test/**/*.test.ts",
      "notebooks/test/**/*.test.ts",
      "deploy/test/**/*.test.ts",
    ],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Processes the tests start (engagetrack serve, digest --once) keep their shared store in memory
    // unless a test gives them a folder or a database: never the repository's data/store.
    env: { TZ: "UTC", ENGAGETRACK_STORE_DIR: "memory" },
  },
});
