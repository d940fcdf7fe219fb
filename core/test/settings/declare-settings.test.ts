import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  DATA_SETTINGS,
  declareSettings,
  defaultOf,
  parseSettings,
  readSettings,
  setting,
  SettingsError,
} from "../../src/settings/index.ts";

const SECTION = declareSettings("example", "README.md", {
  EXAMPLE_ROWS: setting(z.coerce.number().int().min(1).default(10), "Rows."),
  EXAMPLE_TOKEN: setting(
    z.string().startsWith("tok-", "must start with tok- (the API's token)").optional(),
    "Token.",
    {
      secret: true,
    },
  ),
  EXAMPLE_HOST: setting(
    z
      .string()
      .regex(/^[a-z.]+$/, "a host name or IP address")
      .optional(),
    "Host.",
  ),
});

describe("declared settings", () => {
  it("parse with their defaults; empty strings are unset", () => {
    expect(parseSettings({ EXAMPLE_ROWS: " ", EXAMPLE_HOST: "" }, SECTION.settings)).toEqual({
      EXAMPLE_ROWS: 10,
    });
    const read = readSettings({ EXAMPLE_ROWS: "7", EXAMPLE_TOKEN: "tok-1" }, SECTION.settings);
    expect(read).toMatchObject({ ok: true, settings: { EXAMPLE_ROWS: 7, EXAMPLE_TOKEN: "tok-1" } });
    expect(read.present).toEqual({ EXAMPLE_ROWS: "7", EXAMPLE_TOKEN: "tok-1" });
  });

  it("name every bad setting in one sentence each, never a secret's value, the message's own case kept", () => {
    const read = readSettings(
      { EXAMPLE_ROWS: "0", EXAMPLE_TOKEN: "hunter2", EXAMPLE_HOST: "A B" },
      SECTION.settings,
    );
    expect(read.ok).toBe(false);
    if (read.ok) return;
    expect(read.problems).toEqual([
      'EXAMPLE_ROWS="0": too small: expected number to be >=1',
      "EXAMPLE_TOKEN=(hidden): must start with tok- (the API's token)",
      'EXAMPLE_HOST="A B": a host name or IP address',
    ]);
    expect(() => parseSettings({ EXAMPLE_TOKEN: "hunter2" }, SECTION.settings)).toThrow(
      new SettingsError(
        "invalid configuration: EXAMPLE_TOKEN=(hidden): must start with tok- (the API's token)",
      ),
    );
  });

  it("state their defaults once (the paths every process shares)", () => {
    expect(defaultOf(DATA_SETTINGS.settings.ENGAGETRACK_MODEL_DIR)).toBe("models/demo");
    expect(defaultOf(DATA_SETTINGS.settings.ENGAGETRACK_SNAPSHOTS_DIR)).toBe("data/snapshots");
    expect(defaultOf(DATA_SETTINGS.settings.ENGAGETRACK_DATA)).toBeUndefined();
  });
});
