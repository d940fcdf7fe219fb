// The model area's public face: trees, XGBoost import, in-memory prediction, ONNX export and
// scoring, and model files (model.onnx + card.json).
export type { Tree, TreeEnsemble } from "./tree.ts";
export { nodeCount, isLeaf } from "./tree.ts";
export { validateEnsemble } from "./validate-ensemble.ts";
export {
  importXgboostModel,
  importXgboostModelFile,
  parseBaseScore,
  parseXgboostModelBytes,
  XgboostImportError,
  type XgboostImport,
  type XgboostImportOptions,
} from "./xgboost-import.ts";
export { predictMargin } from "./predict.ts";
export { flattenEnsemble, type FlatEnsemble } from "./flat-ensemble.ts";
export {
  evaluateFlatEnsemble,
  type EvaluateOptions,
  type MarginSum,
  type OnnxruntimeRun,
} from "./evaluate-flat-ensemble.ts";
export { onnxruntimeLogistic } from "./onnxruntime-logistic.ts";
export {
  flatBatchProbabilities,
  CROSS_CHECK_ROWS,
  CROSS_CHECK_TOLERANCE,
  type FlatBatchProbabilities,
  type OnnxProbabilities,
} from "./flat-batch-probabilities.ts";
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
// Training, calibration, evaluation (train.ts and friends).
export { trainBooster, type TrainOptions, type TrainResult, type RoundMetrics } from "./train.ts";
export { DEFAULT_BOOSTER_PARAMS, resolveParams, type BoosterParams } from "./params.ts";
export {
  trainChurnModel,
  DEFAULT_CALIBRATION_METHOD,
  type ChurnRecipe,
  type ChurnModelFit,
} from "./train-churn-model.ts";
export { crossValidate, type CrossValidation, type FoldResult } from "./cross-validate.ts";
export type {
  CalibrationMap,
  CalibrationMethod,
  IsotonicCalibration,
  PlattCalibration,
} from "./calibration/calibration-map.ts";
export { applyCalibration, applyCalibrationAll } from "./calibration/apply-calibration.ts";
export { fitCalibration } from "./calibration/fit-calibration.ts";
export { fitIsotonic } from "./calibration/isotonic.ts";
export { fitPlatt } from "./calibration/platt.ts";
export { rocAuc } from "./metrics/auc.ts";
export { prAuc } from "./metrics/pr-auc.ts";
export { logLoss } from "./metrics/log-loss.ts";
export { brierScore } from "./metrics/brier.ts";
export { expectedCalibrationError } from "./metrics/ece.ts";
export { evaluateProbabilities, type ProbabilityMetrics } from "./metrics/evaluate-probabilities.ts";
export { stratifiedFolds, stratifiedSplit, rowsWhere } from "./stratified-folds.ts";
export { takeRows, takeLabels } from "./take-rows.ts";
export {
  chooseDecisionThreshold,
  DEFAULT_RETENTION_COSTS,
  type DecisionThreshold,
  type RetentionCosts,
} from "./decision-threshold.ts";
export { riskBand, DEFAULT_RISK_BANDS, type RiskBandThresholds } from "./risk-bands.ts";
export { marginsToProbabilities } from "./margin-to-probability.ts";
export {
  trainCustomerModel,
  churnLabels,
  type CustomerModel,
  type CustomerTrainingOptions,
} from "./train-customer-model.ts";
