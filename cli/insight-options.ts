import type { Command } from "commander";

/**
 * The options every command that answers about a customer shares (ask, chat, nudge, report):
 * where the model and snapshots are, whether the LLM may write nudges, and which experiment's arm
 * picks the nudge strategy. One definition, so their help reads the same.
 */
export function withInsightOptions(command: Command): Command {
  return command
    .option("--model <dir>", "model directory (default: ENGAGETRACK_MODEL_DIR or models/demo)")
    .option("--snapshots <dir>", "snapshots directory (default: ENGAGETRACK_SNAPSHOTS_DIR or data/snapshots)")
    .option("--llm", "let the LLM choose and word nudges (needs LLM_API_KEY; falls back to the rules)")
    .option(
      "--experiment <key>",
      "experiment whose arm picks the nudge strategy (default: nudge-strategy-2026)",
    );
}
