/** Where the commands read and write unless told otherwise (relative to the working directory). */
export const DEFAULT_SNAPSHOTS_DIR = "data/snapshots";
export const DEFAULT_CHARTS_DIR = "data/charts";
