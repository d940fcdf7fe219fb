/**
 * `engagetrack model import-xgboost <model.json|model.ubj> --out models/<name> [--json]`: turns a
 * model saved by XGBoost 1.x–3.x (`save_model("model.json")` or `save_model("model.ubj")`,
 * binary:logistic, gbtree) into our model files, so teams that train in Python can serve here. No
 * calibration (identity); thresholds from the options.
 * Exit 0: written; 2: the input is unusable or the output exists (without --force).
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";

export function registerModelImportXgboost(model: Command, lazy: LazyAction): void {
  model
    .command("import-xgboost")
    .description("Import an XGBoost model, JSON or UBJ (binary:logistic, gbtree), as model.onnx + card.json.")
    .argument(
      "<model.json|model.ubj>",
      'model saved by XGBoost 1.x, 2.x or 3.x with save_model("model.json") or save_model("model.ubj")',
    )
    .requiredOption("--out <dir>", "output directory, e.g. models/<name>")
    .option("--name <name>", "model name in the card (default: the output directory's name)")
    .option("--decision <p>", "decision threshold on the probability", "0.5")
    .option("--bands <medium,high>", "probabilities where the Medium and High risk bands start", "0.3,0.6")
    .option("--force", "overwrite model files already in the output directory")
    .option("--json", "print a JSON report instead of a summary")
    .action(lazy(() => import("../actions/model-import-xgboost.ts")));
}
