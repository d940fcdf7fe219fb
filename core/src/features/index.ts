export type { FeatureMatrix } from "./feature-matrix.ts";
export { toRowMajor } from "./feature-matrix.ts";
export type {
  EncoderSpec,
  CustomerEncoderSpec,
  ColumnsEncoderSpec,
  FeatureSource,
  FeatureInfo,
} from "./encoder-spec.ts";
export { defaultEncoderSpec, featureInfo, featureNames } from "./encoder-spec.ts";
export { encodeCustomers, customerMatrixBuilder, type MatrixBuilder } from "./encode-customers.ts";
export { encodeColumns } from "./encode-columns.ts";
export { encoderSpecFromContract } from "./contract-encoder-spec.ts";
