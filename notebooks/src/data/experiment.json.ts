// Experiments page data: every declared experiment's report on the newest snapshot.
import { resolve } from "node:path";
import { readExperimentConfig } from "engagetrack";
import { DEFAULT_EXPERIMENTS_FILE } from "engagetrack/experiments";
import { experimentData } from "../../loaders/experiment-data.ts";
import { newestSnapshot, printJson, REPO_ROOT, workspacePaths } from "../../loaders/workspace.ts";

const snapshot = await newestSnapshot(workspacePaths(process.env));
// The same file `engagetrack experiment` reads; the built-in experiment when it is absent.
const config = await readExperimentConfig(resolve(REPO_ROOT, DEFAULT_EXPERIMENTS_FILE));
await printJson(experimentData(snapshot, config));
