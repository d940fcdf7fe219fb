/**
 * `engagetrack model <subcommand>`: working with model files (model.onnx + card.json). Each
 * subcommand lives in its own file exporting a `(model: Command, lazy: LazyAction) => void`; add it to
 * `modelSubcommands` below.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";
import { registerModelImportXgboost } from "./model-import-xgboost.ts";

/** Subcommands of `model`, in the order `engagetrack model --help` lists them. */
export const modelSubcommands: Array<(model: Command, lazy: LazyAction) => void> = [
  registerModelImportXgboost,
];

export function register(program: Command, lazy: LazyAction): void {
  const model = program
    .command("model")
    .description("Bring in models trained elsewhere (XGBoost JSON → model.onnx + card.json).");
  for (const add of modelSubcommands) add(model, lazy);
}
