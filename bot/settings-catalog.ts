/**
 * Every environment setting EngageTrack reads, by section: core's (core/src/settings) and the Teams
 * bot's (declared beside its adapter). The documentation tables are checked against this list.
 */
import { CORE_SETTINGS_SECTIONS, type SettingsSection } from "../core/src/settings/index.ts";
import { TEAMS_SETTINGS } from "./teams/teams-settings.ts";

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [...CORE_SETTINGS_SECTIONS, TEAMS_SETTINGS];
