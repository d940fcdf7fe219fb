/** Nudge strategies and cooldown. */
import { z } from "zod";
import { DEFAULT_NUDGE_COOLDOWN_MS } from "../nudges/index.ts";
import { declareSettings, setting } from "./declare-settings.ts";
import { intSetting } from "./setting-schemas.ts";

export const NUDGE_SETTINGS = declareSettings("nudges", "README.md", {
  ENGAGETRACK_NUDGE_STRATEGIES: setting(
    z.string().optional(),
    "JSON file mapping each experiment's arms to nudge strategies; empty: built in.",
  ),
  ENGAGETRACK_NUDGE_COOLDOWN_SECONDS: setting(
    intSetting(0, 7 * 24 * 3600).default(DEFAULT_NUDGE_COOLDOWN_MS / 1000),
    "Repeated login/refresh events within this time get the same nudge.",
  ),
});
