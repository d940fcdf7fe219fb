// vitest globalSetup: a folder for this run's shared test fixtures (core/test/fixtures/run-cache.ts),
// made before the first test file and removed after the last. Its path reaches the workers (and the
// processes tests start) as ENGAGETRACK_TEST_FIXTURE_CACHE; without it, fixtures are built per use.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { FIXTURE_CACHE_VARIABLE } from "../fixtures/run-cache.ts";

export default function setup(): () => void {
  const dir = mkdtempSync(join(tmpdir(), "et-fixture-cache-"));
  process.env[FIXTURE_CACHE_VARIABLE] = dir;
  return () => {
    rmSync(dir, { recursive: true, force: true });
    delete process.env[FIXTURE_CACHE_VARIABLE];
  };
}
