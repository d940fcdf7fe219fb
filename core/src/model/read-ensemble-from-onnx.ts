/**
 * Reads back what `exportOnnx` wrote: the trees (with covers, for TreeSHAP), the base margin and
 * the feature names, from the ONNX bytes alone.
 */
import onnxProto from "onnx-proto";
import { ONNX_METADATA } from "./onnx-export.ts";
import { allocateTree, type Tree, type TreeEnsemble } from "./tree.ts";
import { validateEnsemble } from "./validate-ensemble.ts";

const { onnx } = onnxProto;
const utf8 = new TextDecoder();

type Int64 = number | { toNumber(): number };
const toNumber = (v: Int64): number => (typeof v === "number" ? v : v.toNumber());

function decodeModel(bytes: Uint8Array): InstanceType<typeof onnx.ModelProto> {
  try {
    return onnx.ModelProto.decode(bytes);
  } catch (cause) {
    throw new Error(`not an onnx model (${(cause as Error).message.toLowerCase()})`, { cause });
  }
}

/**
 * The model's `metadata_props` as a plain object.
 *
 * @example
 * onnxMetadata(bytes)["engagetrack.card_sha256"]; // "9f86d0…"
 */
export function onnxMetadata(bytes: Uint8Array): Record<string, string> {
  return metadataOf(decodeModel(bytes));
}

function metadataOf(model: InstanceType<typeof onnx.ModelProto>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of model.metadataProps) if (p.key) out[p.key] = p.value ?? "";
  return out;
}

/**
 * Rebuilds the `TreeEnsemble` from an ONNX file written by `exportOnnx` (one
 * `TreeEnsembleClassifier` with BRANCH_LT splits, LOGISTIC post-transform and node covers in
 * `nodes_hitrates`). Throws a short message naming what is missing or unexpected.
 *
 * @example
 * const ensemble = readEnsembleFromOnnx(await readFile("models/v1/model.onnx"));
 * explain(ensemble, matrix);
 */
export function readEnsembleFromOnnx(bytes: Uint8Array): TreeEnsemble {
  const model = decodeModel(bytes);
  const graphNodes = model.graph?.node ?? [];
  const node = graphNodes.find((n) => n.opType === "TreeEnsembleClassifier" && n.domain === "ai.onnx.ml");
  if (!node) throw new Error("no TreeEnsembleClassifier node in the onnx model");
  if (graphNodes.length !== 1) throw new Error(`expected one graph node, found ${graphNodes.length}`);

  const attrs = new Map((node.attribute ?? []).map((a) => [a.name, a]));
  const intsOf = (name: string, required = true): number[] => {
    const a = attrs.get(name);
    if (!a && required) throw new Error(`missing attribute ${name}`);
    return (a?.ints ?? []).map(toNumber);
  };
  const floatsOf = (name: string, required = true): number[] => {
    const a = attrs.get(name);
    if (!a && required) throw new Error(`missing attribute ${name}`);
    return a?.floats ?? [];
  };
  const post = attrs.get("post_transform")?.s;
  if (!post || utf8.decode(post) !== "LOGISTIC") throw new Error("post_transform is not LOGISTIC");
  const labels = intsOf("classlabels_int64s");
  if (labels.length !== 2 || labels[0] !== 0 || labels[1] !== 1) {
    throw new Error(`classlabels_int64s is [${labels.join(", ")}], expected [0, 1]`);
  }
  const baseValues = floatsOf("base_values");
  if (baseValues.length !== 1) throw new Error(`base_values has ${baseValues.length} entries, expected 1`);

  const treeIds = intsOf("nodes_treeids");
  const nodeIds = intsOf("nodes_nodeids");
  const featureIds = intsOf("nodes_featureids");
  const values = floatsOf("nodes_values");
  const trueIds = intsOf("nodes_truenodeids");
  const falseIds = intsOf("nodes_falsenodeids");
  const missingTrue = intsOf("nodes_missing_value_tracks_true", false);
  const hitrates = floatsOf("nodes_hitrates", false);
  const modes = (attrs.get("nodes_modes")?.strings ?? []).map((s) => utf8.decode(s));
  const n = treeIds.length;
  const lengths = {
    nodes_nodeids: nodeIds,
    nodes_featureids: featureIds,
    nodes_values: values,
    nodes_truenodeids: trueIds,
    nodes_falsenodeids: falseIds,
    nodes_modes: modes,
  };
  for (const [name, a] of Object.entries(lengths)) {
    if (a.length !== n) throw new Error(`${name} has ${a.length} entries for ${n} nodes`);
  }
  if (hitrates.length !== n)
    throw new Error("no node covers (nodes_hitrates): cannot rebuild trees for explanation");
  if (missingTrue.length !== 0 && missingTrue.length !== n) {
    throw new Error(`nodes_missing_value_tracks_true has ${missingTrue.length} entries for ${n} nodes`);
  }

  const metadata = metadataOf(model);
  const nTreesInFile = treeIds.reduce((a, t) => Math.max(a, t + 1), 0);
  // Trees past the recorded count are placeholders (an empty ensemble is written with one).
  const recorded = metadata[ONNX_METADATA.treeCount];
  const nTrees = recorded === undefined ? nTreesInFile : Number(recorded);
  if (!(nTrees === nTreesInFile || (nTrees === 0 && nTreesInFile === 1))) {
    throw new Error(`tree count ${recorded} does not fit the ${nTreesInFile} trees in the file`);
  }

  const sizes = new Int32Array(nTreesInFile);
  for (const t of treeIds) {
    if (t < 0) throw new Error(`negative tree id ${t}`);
    sizes[t]++;
  }
  const trees: Tree[] = Array.from({ length: nTrees }, (_, t) => {
    const m = sizes[t];
    if (m === 0) throw new Error(`tree ${t} has no nodes`);
    // -2 marks nodes not yet seen in the file, so a missing node is caught below.
    return allocateTree(m, -2);
  });
  for (let k = 0; k < n; k++) {
    const t = treeIds[k];
    if (t >= nTrees) continue;
    const tree = trees[t];
    const i = nodeIds[k];
    if (!(i >= 0 && i < tree.left.length)) throw new Error(`tree ${t}: node id ${i} out of range`);
    if (tree.left[i] !== -2) throw new Error(`tree ${t}: node id ${i} appears twice`);
    tree.cover[i] = hitrates[k];
    if (modes[k] === "LEAF") {
      tree.left[i] = -1;
      tree.right[i] = -1;
      tree.feature[i] = -1;
    } else if (modes[k] === "BRANCH_LT") {
      tree.left[i] = trueIds[k];
      tree.right[i] = falseIds[k];
      tree.feature[i] = featureIds[k];
      tree.threshold[i] = values[k];
      tree.defaultLeft[i] = missingTrue[k] ? 1 : 0;
    } else {
      throw new Error(`tree ${t}: node ${i} has mode ${modes[k]}, only BRANCH_LT and LEAF are supported`);
    }
  }

  const classTrees = intsOf("class_treeids");
  const classNodes = intsOf("class_nodeids");
  const classIds = intsOf("class_ids");
  const weights = floatsOf("class_weights");
  if (
    classNodes.length !== classTrees.length ||
    classIds.length !== classTrees.length ||
    weights.length !== classTrees.length
  ) {
    throw new Error("class_treeids, class_nodeids, class_ids and class_weights differ in length");
  }
  const weighted = trees.map((t) => new Uint8Array(t.left.length));
  for (let k = 0; k < classTrees.length; k++) {
    const t = classTrees[k];
    if (classIds[k] !== 0)
      throw new Error(`class id ${classIds[k]}: only binary models with class 0 weights are supported`);
    if (t >= nTrees && t < nTreesInFile) continue;
    if (!(t >= 0 && t < nTrees)) throw new Error(`class weight for tree ${t}, which does not exist`);
    const tree = trees[t];
    const i = classNodes[k];
    if (tree.left[i] !== -1) throw new Error(`tree ${t}: class weight for node ${i}, which is not a leaf`);
    // Assign the first weight (keeping a -0 leaf -0), add any further ones.
    tree.value[i] = weighted[t][i] ? tree.value[i] + weights[k] : weights[k];
    weighted[t][i] = 1;
  }

  const rawNames = metadata[ONNX_METADATA.featureNames];
  let featureNames: string[];
  if (rawNames !== undefined) {
    const parsed: unknown = JSON.parse(rawNames);
    if (!Array.isArray(parsed) || !parsed.every((s) => typeof s === "string")) {
      throw new Error("feature names in the metadata are not a list of strings");
    }
    featureNames = parsed;
  } else {
    const dim = model.graph?.input?.[0]?.type?.tensorType?.shape?.dim?.[1]?.dimValue;
    const nf =
      dim === undefined || dim === null ? featureIds.reduce((a, f) => Math.max(a, f + 1), 0) : toNumber(dim);
    featureNames = Array.from({ length: nf }, (_, j) => `f${j}`);
  }

  // The exact base margin when the metadata has it and agrees with the float32 in base_values.
  const exact = Number(metadata[ONNX_METADATA.baseMargin]);
  const baseMargin = Number.isFinite(exact) && Math.fround(exact) === baseValues[0] ? exact : baseValues[0];

  const ensemble: TreeEnsemble = { trees, baseMargin, featureNames };
  validateEnsemble(ensemble);
  return ensemble;
}
