// Public face of core/src/explain: exact TreeSHAP (single thread and worker pool), and the
// numbers turned into meaning — grouped drivers, words, what-if actions, dependence data.
export type { TreeShapResult, RowShap, TreeShapOptions, TreeShapRowOptions } from "./tree-shap.ts";
export { treeShap, treeShapRow } from "./tree-shap.ts";
export type { ShapPool, ShapPoolOptions, ShapPoolRunOptions } from "./shap-pool.ts";
export { createShapPool } from "./shap-pool.ts";
export { groupContributions, type GroupedContributions } from "./group-contributions.ts";
export { topDrivers } from "./top-drivers.ts";
export { describeValue, driverLabel } from "./describe-value.ts";
export { describeContractValue, contractDriverLabel } from "./describe-contract-value.ts";
export { whySentence } from "./why-sentence.ts";
export { feasibleChanges, whatIf, type WhatIf } from "./what-if.ts";
export {
  contractFeasibleChanges,
  contractWhatIf,
  type ContractChange,
  type ContractWhatIf,
} from "./contract-what-if.ts";
export { dependence, type Dependence } from "./dependence.ts";
export { valueWords, type ValueWords } from "./value-words.ts";
