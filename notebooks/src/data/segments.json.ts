// Segments page data: risk and observed churn by each of the contract's segment columns.
import { segmentsData } from "../../loaders/segments-data.ts";
import { newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

await printJson(segmentsData(await newestSnapshot(workspacePaths(process.env))));
