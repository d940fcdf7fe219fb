// Behaviour page data: the churn cube of every contract feature over the customers to act on,
// filterable by the contract's first segment columns in the page.
import { behaviourData } from "../../loaders/behaviour-data.ts";
import { newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

await printJson(behaviourData(await newestSnapshot(workspacePaths(process.env))));
