// Overview page data: headline figures and chart aggregates of the newest snapshot.
import { openSnapshotStore } from "engagetrack";
import { overviewData } from "../../loaders/overview-data.ts";
import { newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

const paths = workspacePaths(process.env);
const snapshot = await newestSnapshot(paths);
await printJson(overviewData(snapshot, await openSnapshotStore(paths.snapshotsDir).list()));
