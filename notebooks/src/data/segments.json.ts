// Segments and personas page data: churn by persona × plan, tenure cohort and lifecycle stage.
import { segmentsData } from "../../loaders/segments-data.ts";
import { newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

await printJson(segmentsData(await newestSnapshot(workspacePaths(process.env))));
