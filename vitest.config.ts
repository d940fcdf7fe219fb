import { availableParallelism } from "node:os";
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
    // vitest's default is one worker per core minus one: ONE on these 2-core machines, so the files
    // ran one after another while most of them wait on child processes, servers and PostgreSQL.
    // Two at least (notebooks site builds take turns: notebooks/test/fixtures/build-site-exclusive.ts).
    maxWorkers: Math.max(2, availableParallelism() - 1),
    // Blocks outbound network and fails a test on unexpected warnings (see the file's header);
    // runs every fast-check property from one fixed seed.
    setupFiles: ["core/test/setup/guards.ts", "core/test/setup/property-seed.ts"],
    // One folder per run for fixtures built once and copied to each user (trained served models).
    globalSetup: ["core/test/setup/fixture-cache.ts"],
    // Processes the tests start (engagetrack serve, digest --once) keep their shared store in memory
    // unless a test gives them a folder or a database: never the repository's data/store.
    env: { TZ: "UTC", ENGAGETRACK_STORE_DIR: "memory" },
  },
});
