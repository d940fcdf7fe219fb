/** Where the commands read and write unless told otherwise (relative to the working directory). */
// From the declaring file itself: command definitions load before any action and must stay light.
export { DEFAULT_MODEL_DIR, DEFAULT_SNAPSHOTS_DIR } from "../core/src/settings/data-settings.ts";
export const DEFAULT_CHARTS_DIR = "data/charts";
