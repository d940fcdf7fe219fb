// Model page data: card facts, score distribution, drift against the training reference, and —
// only where outcomes are known — measured metrics, outcome histogram and calibration.
import { readReferenceProfile } from "engagetrack";
import { modelData } from "../../loaders/model-data.ts";
import { modelFor, newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

const paths = workspacePaths(process.env);
const snapshot = await newestSnapshot(paths);
const model = await modelFor(paths, snapshot);
const money = (name: string) => {
  const text = process.env[name];
  if (text === undefined || text.trim() === "") return undefined;
  const value = Number(text);
  if (!(Number.isFinite(value) && value >= 0)) throw new Error(`invalid ${name}: ${JSON.stringify(text)}`);
  return value;
};
try {
  await printJson(
    modelData(snapshot, model, {
      offerCost: money("ENGAGETRACK_OFFER_COST"),
      customerValue: money("ENGAGETRACK_CUSTOMER_VALUE"),
      reference: await readReferenceProfile(paths.modelDir),
    }),
  );
} finally {
  await model.release();
}
