/* global document */
// The banner at the top of every page: which data set and contract the page shows, which columns
// are simulated, whether outcomes are known, and the snapshot and model (notebooks/loaders/dataset-banner.ts).
import { count } from "./format.js";

export function datasetBanner(b) {
  const box = document.createElement("div");
  box.className = "et-banner";
  box.id = "dataset-banner";
  const line = (label, text) => {
    const p = document.createElement("div");
    const strong = document.createElement("b");
    strong.textContent = `${label}: `;
    p.append(strong, text);
    return p;
  };
  box.append(
    line(
      "Data set",
      `${b.dataset.name}${b.dataset.description ? ` — ${b.dataset.description}` : ""} (contract ${b.dataset.name}, id column ${b.dataset.idColumn})`,
    ),
    line(
      "Simulated",
      b.simulated.all
        ? "all values simulated (the demo's simulator made every customer)"
        : b.simulated.columns.length
          ? `${b.simulated.columns.join(", ")} (made by the simulator, not read from the data)`
          : "nothing (every value read from the data)",
    ),
    line(
      "Outcomes",
      b.outcomes.labelled === 0
        ? `no outcomes yet: all ${count(b.outcomes.current)} customers are current`
        : `known for ${count(b.outcomes.labelled)} customers (${count(b.outcomes.churned)} churned, ${count(b.outcomes.retained)} retained: history); ${count(b.outcomes.current)} current`,
    ),
    line(
      "Snapshot",
      `${b.snapshot.id}, scored ${new Date(b.snapshot.createdAt).toISOString().replace(".000Z", "Z")} by model ${b.model.name} (${b.model.hash.slice(0, 12)})`,
    ),
  );
  return box;
}
