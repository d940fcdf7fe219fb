// The model area's public face: trees, XGBoost import, in-memory prediction, ONNX export and
// scoring, and model files (model.onnx + card.json).
export type { Tree, TreeEnsemble } from "./tree.ts";
export { nodeCount, isLeaf } from "./tree.ts";
export { validateEnsemble } from "./validate-ensemble.ts";
export {
  importXgboostModel,
  importXgboostModelFile,
  parseBaseScore,
  XgboostImportError,
  type XgboostImport,
  type XgboostImportOptions,
} from "./xgboost-import.ts";
export { predictMargin } from "./predict.ts";
export { exportOnnx, ONNX_METADATA, type OnnxExportOptions } from "./onnx-export.ts";
export { readEnsembleFromOnnx, onnxMetadata } from "./read-ensemble-from-onnx.ts";
export { OnnxScorer, DEFAULT_SESSION_OPTIONS, type OnnxScorerOptions, type Scores } from "./onnx-scorer.ts";
export { modelCardSchema, cardSha256, type ModelCard, type ModelCardDraft } from "./model-card.ts";
export {
  saveModel,
  loadModel,
  ModelFileError,
  MODEL_FILE,
  CARD_FILE,
  nodeModelFileEffects,
  type ModelFileErrorCode,
  type ModelFileEffects,
  type SavedModel,
  type LoadedModel,
} from "./model-files.ts";
