// Behaviour page data: the churn cube behind the usage, payment-delay, support-call, contract and
// engagement charts, filterable by persona, plan, contract and variant in the page.
import { behaviourData } from "../../loaders/behaviour-data.ts";
import { newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

await printJson(behaviourData(await newestSnapshot(workspacePaths(process.env))));
