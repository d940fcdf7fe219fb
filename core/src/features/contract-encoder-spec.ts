import { featureDisplayLabel, type DatasetContract } from "../data/dataset-contract.ts";
import type { CustomerEncoderSpec, FeatureSource } from "./encoder-spec.ts";

/**
 * The encoding a contract asks for, in its feature order: numbers, integers, booleans (0/1) and
 * dates (days since 1970-01-01) as they are, categories one-hot in their listed order (or as their
 * position, for `encoding: ordinal`). The id, label, owner, experiment and excluded columns are
 * never inputs. Stored in the model card, so scoring and explaining encode the same way.
 *
 * @example
 * encoderSpecFromContract(presetContract("telco")).sources.length; // 19 source columns → 45 inputs
 */
export function encoderSpecFromContract(contract: DatasetContract): CustomerEncoderSpec {
  const sources = contract.features.map((f): FeatureSource => {
    const label = featureDisplayLabel(f);
    if (f.type !== "category") return { kind: "numeric", column: f.column, label };
    return {
      kind: f.encoding === "ordinal" ? "ordinal" : "onehot",
      column: f.column,
      label,
      categories: [...f.values!],
    };
  });
  return { kind: "customer", version: 1, sources };
}
