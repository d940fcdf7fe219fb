// User insights page data: each bundled customer's insight, waterfall and TXT summary
// (ENGAGETRACK_NOTEBOOK_CUSTOMERS customers to act on, default 500: the riskiest first, then a
// spread over the rest; and a few churned customers as history).
import { readFile } from "node:fs/promises";
import { createRuleNudgeEngine } from "engagetrack";
import { createContractRuleNudgeEngine, parseNudgeStrategies } from "engagetrack/nudges";
import { NOTEBOOK_SETTINGS, NUDGE_SETTINGS, parseSettings } from "engagetrack/settings";
import { insightsData } from "../../loaders/insights-data.ts";
import { modelFor, newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

const env = process.env;
const settings = parseSettings(env, {
  ENGAGETRACK_NOTEBOOK_CUSTOMERS: NOTEBOOK_SETTINGS.settings.ENGAGETRACK_NOTEBOOK_CUSTOMERS,
  ENGAGETRACK_NUDGE_STRATEGIES: NUDGE_SETTINGS.settings.ENGAGETRACK_NUDGE_STRATEGIES,
});
const limit = settings.ENGAGETRACK_NOTEBOOK_CUSTOMERS;
// The same nudge strategies the CLI and bot use (ENGAGETRACK_NUDGE_STRATEGIES), else the built-in ones.
const strategiesFile = settings.ENGAGETRACK_NUDGE_STRATEGIES?.trim();
const strategies = strategiesFile
  ? parseNudgeStrategies(JSON.parse(await readFile(strategiesFile, "utf8")), strategiesFile)
  : undefined;

const paths = workspacePaths(env);
const snapshot = await newestSnapshot(paths);
const model = await modelFor(paths, snapshot);
try {
  const built = new Date();
  await printJson(
    await insightsData(snapshot, {
      model,
      nudges: createRuleNudgeEngine({ strategies }),
      contractNudges: createContractRuleNudgeEngine(),
      clock: () => built,
      limit,
    }),
  );
} finally {
  await model.release();
}
