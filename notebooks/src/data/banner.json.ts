// The banner of every page: data set and contract, simulated columns, outcomes, snapshot and model.
import { bannerData } from "../../loaders/dataset-banner.ts";
import { newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

await printJson(bannerData(await newestSnapshot(workspacePaths(process.env))));
