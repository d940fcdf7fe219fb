/**
 * Writes a `TreeEnsemble` as an ONNX model: one ai.onnx.ml `TreeEnsembleClassifier` node with
 * input `input` (float [N, F]) and outputs `label` (int64 [N]) and `probabilities` (float [N, 2]
 * = [1 − p, p]), `post_transform` LOGISTIC and the base margin in `base_values`.
 */
import onnxProto from "onnx-proto";
import type { TreeEnsemble } from "./tree.ts";
import { validateEnsemble } from "./validate-ensemble.ts";

const { onnx } = onnxProto;
const AttributeType = onnx.AttributeProto.AttributeType;
const FLOAT = onnx.TensorProto.DataType.FLOAT;
const INT64 = onnx.TensorProto.DataType.INT64;

/** Keys of the model's `metadata_props` (all strings). */
export const ONNX_METADATA = {
  /** JSON array of the feature names, in input order. */
  featureNames: "engagetrack.feature_names",
  /** The base margin as a JS number (exact; `base_values` holds it rounded to float32). */
  baseMargin: "engagetrack.base_margin",
  /** Number of trees in the ensemble (an empty ensemble is written with one placeholder tree). */
  treeCount: "engagetrack.tree_count",
  /** sha256 of the model card this file belongs to (see `cardSha256`). */
  cardSha256: "engagetrack.card_sha256",
  /** Version of this layout. */
  format: "engagetrack.format",
} as const;

export const ONNX_FORMAT_VERSION = "1";
export const ONNX_OPSET = 17;
export const ONNX_ML_OPSET = 3;

export interface OnnxExportOptions {
  /** The card's hash, stored in metadata so a model file and its card can be checked as a pair. */
  cardSha256?: string;
}

const utf8 = new TextEncoder();

/**
 * Encodes the ensemble as ONNX bytes. Deterministic: the same ensemble and options always give
 * the same bytes. Node covers go to `nodes_hitrates` and the feature names to the metadata, so
 * `readEnsembleFromOnnx` can rebuild the ensemble (for TreeSHAP) from the file alone.
 *
 * Binary handling in onnxruntime (checked against 1.30, see onnx-scorer.test.ts): with every
 * weight on class 0 and a single base value, `probabilities` is [1 − σ(s), σ(s)] with s = base +
 * Σ leaves, also when no leaf is negative.
 *
 * @example
 * const bytes = exportOnnx(ensemble, { cardSha256 });
 * await writeFile("models/v1/model.onnx", bytes);
 */
export function exportOnnx(ensemble: TreeEnsemble, options: OnnxExportOptions = {}): Uint8Array {
  validateEnsemble(ensemble);
  if (ensemble.featureNames.length === 0) throw new Error("an onnx model needs at least one feature");
  const nodes = {
    treeIds: [] as number[],
    nodeIds: [] as number[],
    featureIds: [] as number[],
    modes: [] as Uint8Array[],
    values: [] as number[],
    trueIds: [] as number[],
    falseIds: [] as number[],
    missingTrue: [] as number[],
    hitrates: [] as number[],
  };
  const leaves = { treeIds: [] as number[], nodeIds: [] as number[], weights: [] as number[] };
  const LEAF = utf8.encode("LEAF");
  const BRANCH_LT = utf8.encode("BRANCH_LT");

  const addNode = (
    t: number,
    i: number,
    split: { f: number; x: number; l: number; r: number; dl: number } | null,
    cover: number,
  ) => {
    nodes.treeIds.push(t);
    nodes.nodeIds.push(i);
    nodes.featureIds.push(split ? split.f : 0);
    nodes.modes.push(split ? BRANCH_LT : LEAF);
    nodes.values.push(split ? split.x : 0);
    nodes.trueIds.push(split ? split.l : 0);
    nodes.falseIds.push(split ? split.r : 0);
    nodes.missingTrue.push(split ? split.dl : 0);
    nodes.hitrates.push(cover);
  };
  const addLeaf = (t: number, i: number, w: number) => {
    leaves.treeIds.push(t);
    leaves.nodeIds.push(i);
    leaves.weights.push(w);
  };

  ensemble.trees.forEach((tree, t) => {
    for (let i = 0; i < tree.left.length; i++) {
      if (tree.left[i] === -1) {
        addNode(t, i, null, tree.cover[i]);
        addLeaf(t, i, tree.value[i]);
      } else {
        const split = {
          f: tree.feature[i],
          x: tree.threshold[i],
          l: tree.left[i],
          r: tree.right[i],
          dl: tree.defaultLeft[i],
        };
        addNode(t, i, split, tree.cover[i]);
      }
    }
  });
  if (ensemble.trees.length === 0) {
    // With no class weights at all onnxruntime does not see a binary classifier and outputs
    // p = 0; a lone leaf adding 0 keeps p = σ(base). The tree count in the metadata drops it on reading.
    addNode(0, 0, null, 0);
    addLeaf(0, 0, 0);
  }

  const attributes = [
    floats("base_values", [ensemble.baseMargin]),
    ints("class_ids", new Array<number>(leaves.weights.length).fill(0)),
    ints("class_nodeids", leaves.nodeIds),
    ints("class_treeids", leaves.treeIds),
    floats("class_weights", leaves.weights),
    ints("classlabels_int64s", [0, 1]),
    ints("nodes_falsenodeids", nodes.falseIds),
    ints("nodes_featureids", nodes.featureIds),
    floats("nodes_hitrates", nodes.hitrates),
    ints("nodes_missing_value_tracks_true", nodes.missingTrue),
    { name: "nodes_modes", type: AttributeType.STRINGS, strings: nodes.modes },
    ints("nodes_nodeids", nodes.nodeIds),
    ints("nodes_treeids", nodes.treeIds),
    ints("nodes_truenodeids", nodes.trueIds),
    floats("nodes_values", nodes.values),
    { name: "post_transform", type: AttributeType.STRING, s: utf8.encode("LOGISTIC") },
  ];

  const nf = ensemble.featureNames.length;
  const metadata: Record<string, string> = {
    [ONNX_METADATA.featureNames]: JSON.stringify(ensemble.featureNames),
    [ONNX_METADATA.baseMargin]: String(ensemble.baseMargin),
    [ONNX_METADATA.format]: ONNX_FORMAT_VERSION,
    [ONNX_METADATA.treeCount]: String(ensemble.trees.length),
  };
  if (options.cardSha256 !== undefined) metadata[ONNX_METADATA.cardSha256] = options.cardSha256;

  const model = onnx.ModelProto.create({
    irVersion: onnx.Version.IR_VERSION,
    opsetImport: [
      { domain: "", version: ONNX_OPSET },
      { domain: "ai.onnx.ml", version: ONNX_ML_OPSET },
    ],
    producerName: "engagetrack",
    graph: {
      name: "engagetrack",
      node: [
        {
          name: "trees",
          opType: "TreeEnsembleClassifier",
          domain: "ai.onnx.ml",
          input: ["input"],
          output: ["label", "probabilities"],
          attribute: attributes,
        },
      ],
      input: [tensorInfo("input", FLOAT, ["N", nf])],
      output: [tensorInfo("label", INT64, ["N"]), tensorInfo("probabilities", FLOAT, ["N", 2])],
    },
    // Sorted, so the bytes do not depend on insertion order.
    metadataProps: Object.keys(metadata)
      .sort()
      .map((key) => ({ key, value: metadata[key] })),
  });
  return onnx.ModelProto.encode(model).finish();
}

function ints(name: string, values: number[]) {
  return { name, type: AttributeType.INTS, ints: values };
}

function floats(name: string, values: number[]) {
  return { name, type: AttributeType.FLOATS, floats: values };
}

function tensorInfo(name: string, elemType: number, dims: (string | number)[]) {
  return {
    name,
    type: {
      tensorType: {
        elemType,
        shape: { dim: dims.map((d) => (typeof d === "string" ? { dimParam: d } : { dimValue: d })) },
      },
    },
  };
}
