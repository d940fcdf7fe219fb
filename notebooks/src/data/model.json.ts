// Model page data: card facts, score distribution, drift against the training reference, and —
// only where outcomes are known — measured metrics, outcome histogram and calibration.
import { readReferenceProfile } from "engagetrack";
import { DATA_SETTINGS, parseSettings } from "engagetrack/settings";
import { modelData } from "../../loaders/model-data.ts";
import { modelFor, newestSnapshot, printJson, workspacePaths } from "../../loaders/workspace.ts";

const paths = workspacePaths(process.env);
const snapshot = await newestSnapshot(paths);
const model = await modelFor(paths, snapshot);
const { ENGAGETRACK_OFFER_COST, ENGAGETRACK_CUSTOMER_VALUE } = DATA_SETTINGS.settings;
const costs = parseSettings(process.env, { ENGAGETRACK_OFFER_COST, ENGAGETRACK_CUSTOMER_VALUE });
try {
  await printJson(
    modelData(snapshot, model, {
      offerCost: costs.ENGAGETRACK_OFFER_COST,
      customerValue: costs.ENGAGETRACK_CUSTOMER_VALUE,
      reference: await readReferenceProfile(paths.modelDir),
    }),
  );
} finally {
  await model.release();
}
