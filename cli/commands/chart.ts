/**
 * `engagetrack chart <name> [--customer <id>] [--column <name>] [--snapshots <dir>] [--model <dir>]
 *   --out <file> [--width 800] [--height 450] [--scale 2] [--json]`: renders one chart from the
 * newest snapshot. `--out` ending in .png writes the image (refused by the blank-chart guard → the
 * text table is printed instead, exit 1), .svg the SVG, .txt the text table. The SHAP waterfall
 * explains one customer (`--customer`) with the model (default models/demo). `segment --column`
 * charts churn risk by any segment column of the snapshot's data set (by name or label); the demo's
 * named segment charts refuse other data sets, naming what they can chart instead (exit 2).
 */
import type { Command } from "commander";
import { DEFAULT_MODEL_DIR, DEFAULT_SNAPSHOTS_DIR } from "../default-paths.ts";
import { CHART_NAMES } from "../../core/src/charts/chart-names.ts";
import type { LazyAction } from "../lazy-action.ts";

/** The chart name of churn risk by one of the data set's own columns (`--column`). */
export const SEGMENT_CHART = "segment";

export function register(program: Command, lazy: LazyAction): void {
  program
    .command("chart")
    .description(
      `Render a chart from the newest snapshot: ${SEGMENT_CHART} --column <name or label> (churn risk by one of the data set's segment columns, listed when --column is missing), ${CHART_NAMES.join(", ")} (the segmentation, engagement, usage, payment-delay and support-calls charts are the demo's).`,
    )
    .argument("<name>", "chart name")
    .requiredOption("--out <file>", "output file: .png, .svg or .txt (the text table)")
    .option("--customer <id>", "customer to explain (shap-waterfall)")
    .option("--column <name>", `segment column to chart by, its name or label (${SEGMENT_CHART})`)
    .option("--snapshots <dir>", "snapshots directory", DEFAULT_SNAPSHOTS_DIR)
    .option("--model <dir>", "model directory, for shap-waterfall", DEFAULT_MODEL_DIR)
    .option("--width <px>", "width in CSS pixels", "800")
    .option("--height <px>", "height in CSS pixels", "450")
    .option("--scale <n>", "device pixels per CSS pixel (PNG)", "2")
    .option("--json", "print a JSON report instead of a summary")
    .action(lazy(() => import("../actions/chart.ts")));
}
