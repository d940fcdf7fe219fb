/** Where the commands read and write unless told otherwise (relative to the working directory). */
export { DEFAULT_SNAPSHOTS_DIR } from "../core/src/settings/index.ts";
export const DEFAULT_CHARTS_DIR = "data/charts";
