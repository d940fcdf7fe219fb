import { readFile } from "node:fs/promises";
import { parseNudgeStrategies, type NudgeStrategyConfig } from "./nudge-strategy.ts";

/**
 * The nudge strategies file (ENGAGETRACK_NUDGE_STRATEGIES), read and validated; undefined when no
 * file is configured (the built-in strategies apply). Throws an Error naming the file and what is
 * wrong; the CLI and the server wrap it in their own error types.
 *
 * @example
 * const strategies = await readNudgeStrategies("data/nudge-strategies.json");
 */
export async function readNudgeStrategies(
  file: string | undefined,
): Promise<NudgeStrategyConfig | undefined> {
  if (!file) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, "utf8"));
  } catch (err) {
    throw new Error(`cannot read nudge strategies from ${file}: ${(err as Error).message}`, { cause: err });
  }
  return parseNudgeStrategies(json, file);
}
