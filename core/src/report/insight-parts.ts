import type { Explanation } from "../score/explain-customer.ts";
import type { ChurnModel } from "../score/index.ts";
import type { ValueWords } from "../explain/value-words.ts";
import type { CustomerInsight } from "./customer-insight.ts";

/** The risk, explanation and model parts every insight shares (CustomerInsight, ContractInsight). */
export function insightParts(
  model: ChurnModel,
  explanation: Explanation,
  customer: Readonly<Record<string, unknown>>,
  words: ValueWords,
): Pick<CustomerInsight, "risk" | "explanation" | "model"> {
  const card = model.card;
  return {
    risk: {
      probability: explanation.probability,
      band: explanation.band,
      margin: explanation.margin,
      baseValue: explanation.baseValue,
      bands: { ...card.thresholds.bands },
      decisionThreshold: card.thresholds.decision,
    },
    explanation: {
      sentence: explanation.sentence,
      drivers: explanation.drivers.map((d) => ({
        source: d.source,
        label: d.label,
        words: words.describe(d.source, customer[d.source]),
        value: d.value,
      })),
      whatIf: explanation.whatIf.map((w) => ({ ...w })),
    },
    model: {
      name: card.name,
      kind: card.kind,
      hash: model.hash,
      libraryVersion: card.libraryVersion,
      trainingRows: card.trainingData.rows,
    },
  };
}
