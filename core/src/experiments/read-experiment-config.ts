import { readFile } from "node:fs/promises";
import {
  DEFAULT_EXPERIMENT_CONFIG,
  parseExperimentConfig,
  type ExperimentConfig,
} from "./experiment-config.ts";

/** Where experiments are declared unless told otherwise (relative to the working directory). */
export const DEFAULT_EXPERIMENTS_FILE = "data/experiments.json";

export interface ReadConfigOptions {
  /** When the file does not exist: use the built-in default experiment (default) or fail. */
  missing?: "default" | "error";
  /** Reads a file as UTF-8 text (default: node:fs). */
  readText?: (path: string) => Promise<string>;
}

/**
 * Reads and validates an experiments file (JSON). A missing file gives the built-in default
 * experiment unless `missing: "error"`; unreadable JSON and invalid fields throw, naming the file.
 *
 * @example
 * const config = await readExperimentConfig("data/experiments.json");
 */
export async function readExperimentConfig(
  path: string = DEFAULT_EXPERIMENTS_FILE,
  options: ReadConfigOptions = {},
): Promise<ExperimentConfig> {
  const readText = options.readText ?? ((p: string) => readFile(p, "utf8"));
  let text: string;
  try {
    text = await readText(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT" && options.missing !== "error") {
      return DEFAULT_EXPERIMENT_CONFIG;
    }
    throw new Error(`cannot read experiments file: ${path}`, { cause: err });
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid JSON in experiments file: ${path}`, { cause: err });
  }
  return parseExperimentConfig(value, `experiments file ${path}`);
}
