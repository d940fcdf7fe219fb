import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  DEFAULT_DIGEST_CONFIG,
  DEFAULT_DIGESTS_FILE,
  digestFileMissing,
  readDigestConfig,
} from "../../digest/index.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "et-digest-config-"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("readDigestConfig", () => {
  it("reads the shipped file: the built-in default is the same schedule", async () => {
    expect(await readDigestConfig(DEFAULT_DIGESTS_FILE)).toEqual(DEFAULT_DIGEST_CONFIG);
  });

  it("falls back to the built-in schedule only for a missing file at the default path", async () => {
    const missing = join(dir, "nowhere.json");
    expect(digestFileMissing(DEFAULT_DIGESTS_FILE)).toBe("default");
    expect(digestFileMissing(missing)).toBe("error");
    expect(await readDigestConfig(missing, { missing: "default" })).toBe(DEFAULT_DIGEST_CONFIG);
    await expect(readDigestConfig(missing, { missing: digestFileMissing(missing) })).rejects.toThrow(
      `cannot read digests config ${missing}: no such file`,
    );
    expect(DEFAULT_DIGEST_CONFIG.schedules.map((s) => [s.name, s.cron, s.destinations])).toEqual([
      ["weekly", "0 8 * * 1", [{ type: "outbox" }]],
    ]);
  });

  it("still refuses a file that exists but is wrong, naming it", async () => {
    const bad = join(dir, "bad.json");
    await writeFile(bad, "{ not json");
    await expect(readDigestConfig(bad, { missing: "default" })).rejects.toThrow(
      `invalid digests config ${bad}: not JSON`,
    );
  });
});
