/**
 * Reads XGBoost's model format (`save_model("model.json")` or `save_model("model.ubj")`, the same
 * document as JSON or Universal Binary JSON; XGBoost 1.x, 2.x and 3.x) into a `TreeEnsemble`. Only
 * what we can serve exactly is accepted: `gbtree` boosters with the `binary:logistic` objective and
 * numerical splits. Everything else is refused with a message naming the file.
 */
import { CodedError } from "../errors/index.ts";
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { allocateTree, type Tree, type TreeEnsemble } from "./tree.ts";
import { readUbjson, UbjsonError } from "./ubjson.ts";

/** A model file we cannot import, with the reason and the file it came from. */
export class XgboostImportError extends CodedError<"xgboost-import"> {
  readonly source: string;
  constructor(message: string, source: string, options?: { cause?: unknown }) {
    super("xgboost-import", `${message} in ${source}`, options);
    this.name = "XgboostImportError";
    this.source = source;
  }
}

export interface XgboostImportOptions {
  /** Names the model in error messages (a file path); default "xgboost model". */
  source?: string;
  /**
   * Feature names to use when the model has none (it was trained on a bare array); when the model
   * has names, these must equal them.
   */
  featureNames?: readonly string[];
}

export interface XgboostImport {
  ensemble: TreeEnsemble;
  /** XGBoost version that wrote the file, e.g. "1.7.4". */
  xgboostVersion: string;
  /** `base_score` as a probability (the margin base is its logit). */
  baseScore: number;
  /** True when the file had no feature names and `f0, f1, …` (or `options.featureNames`) were used. */
  generatedFeatureNames: boolean;
}

const int = z.number().int();
const xgbTree = z.object({
  left_children: z.array(int),
  right_children: z.array(int),
  split_indices: z.array(int),
  // Any number, NaN and ±Infinity included (a categorical split's condition is NaN): the checks
  // after parsing name the node.
  split_conditions: z.array(z.custom<number>((v) => typeof v === "number", "expected number")),
  default_left: z.array(z.union([z.boolean(), int])),
  sum_hessian: z.array(z.number()),
  base_weights: z.array(z.number()),
  split_type: z.array(int).optional(),
  categories_nodes: z.array(int).optional(),
  tree_param: z.object({ size_leaf_vector: z.string().optional() }).loose().optional(),
});
const xgbModel = z.object({
  version: z.array(int).min(1),
  learner: z.object({
    feature_names: z.array(z.string()).optional(),
    feature_types: z.array(z.string()).optional(),
    learner_model_param: z
      .object({
        base_score: z.string(),
        num_class: z.string().optional(),
        num_feature: z.string(),
        num_target: z.string().optional(),
      })
      .loose(),
    objective: z.object({ name: z.string() }).loose(),
    gradient_booster: z.object({ name: z.string(), model: z.unknown().optional() }).loose(),
  }),
});
const gbtreeModel = z.object({
  trees: z.array(z.unknown()),
  tree_info: z.array(int).optional(),
  gbtree_model_param: z.object({ size_leaf_vector: z.string().optional() }).loose().optional(),
});

/**
 * Parses `base_score` as XGBoost writes it: "5E-1" (1.x) or "[5E-1]" (2.x, a one-element vector).
 * Returns NaN when it is neither.
 *
 * @example
 * parseBaseScore("[2.6535E-1]"); // 0.26535
 */
export function parseBaseScore(raw: string): number {
  const s = raw.trim();
  const inner = s.startsWith("[") && s.endsWith("]") ? s.slice(1, -1).trim() : s;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(inner)) return NaN;
  return Number(inner);
}

/**
 * XGBoost's `ProbToMargin` for binary:logistic, in float32 as XGBoost computes it:
 * `-log(1/base_score - 1)`.
 */
function logitFloat32(p: number): number {
  const f = Math.fround;
  return f(-f(Math.log(f(f(1 / f(p)) - 1))));
}

function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  const path = issue.path.join(".");
  return `${path ? `${path}: ` : ""}${issue.message.toLowerCase()}`;
}

/**
 * Converts a parsed XGBoost JSON model into a `TreeEnsemble` (float32 thresholds and leaf values,
 * cover = `sum_hessian`, margin base = logit(base_score)). Throws `XgboostImportError` for
 * multi-class models, other objectives, dart or gblinear boosters and categorical splits.
 *
 * @example
 * const { ensemble } = importXgboostModel(JSON.parse(text), { source: "model.json" });
 * ensemble.trees.length; // 100
 */
export function importXgboostModel(json: unknown, options: XgboostImportOptions = {}): XgboostImport {
  const source = options.source ?? "xgboost model";
  const fail = (message: string, cause?: unknown): never => {
    throw new XgboostImportError(message, source, { cause });
  };

  const parsed = xgbModel.safeParse(json);
  if (!parsed.success) return fail(`not an xgboost json model (${issueText(parsed.error)})`, parsed.error);
  const { version, learner } = parsed.data;
  const xgboostVersion = version.join(".");
  // 3.x writes the same document as 2.x for what we accept (plus a "cats" encoder, empty without
  // categorical features, which are refused below).
  if (version[0] < 1 || version[0] > 3) {
    fail(`unsupported xgboost version ${xgboostVersion} (supported: 1.x, 2.x, 3.x)`);
  }

  const objective = learner.objective.name;
  if (objective !== "binary:logistic") {
    fail(`unsupported objective ${JSON.stringify(objective)} (only binary:logistic)`);
  }
  const booster = learner.gradient_booster.name;
  if (booster !== "gbtree") fail(`unsupported booster ${JSON.stringify(booster)} (only gbtree)`);

  const param = learner.learner_model_param;
  const numClass = Number(param.num_class ?? "0");
  if (!(numClass === 0 || numClass === 1))
    fail(`multi-class model (num_class ${param.num_class}) is not supported`);
  const numTarget = Number(param.num_target ?? "1");
  if (numTarget !== 1) fail(`multi-target model (num_target ${param.num_target}) is not supported`);
  const numFeature = Number(param.num_feature);
  if (!Number.isInteger(numFeature) || numFeature < 1)
    fail(`invalid num_feature: ${JSON.stringify(param.num_feature)}`);
  const baseScore = parseBaseScore(param.base_score);
  if (!(baseScore > 0 && baseScore < 1)) fail(`invalid base_score: ${JSON.stringify(param.base_score)}`);

  const types = learner.feature_types ?? [];
  const categorical = types.findIndex((t) => t === "c");
  if (categorical >= 0) fail(categoricalMessage(learner.feature_names?.[categorical] ?? `f${categorical}`));

  const fileNames = learner.feature_names ?? [];
  let featureNames: string[];
  let generatedFeatureNames = false;
  if (fileNames.length > 0) {
    if (fileNames.length !== numFeature)
      fail(`${fileNames.length} feature names for num_feature ${numFeature}`);
    if (options.featureNames && options.featureNames.join("\u0000") !== fileNames.join("\u0000")) {
      fail("feature names differ from the ones given");
    }
    featureNames = [...fileNames];
  } else {
    generatedFeatureNames = true;
    if (options.featureNames && options.featureNames.length !== numFeature) {
      fail(`${options.featureNames.length} feature names given for num_feature ${numFeature}`);
    }
    featureNames = options.featureNames
      ? [...options.featureNames]
      : Array.from({ length: numFeature }, (_, i) => `f${i}`);
  }
  const duplicate = featureNames.find((n, i) => featureNames.indexOf(n) !== i);
  if (duplicate !== undefined) fail(`duplicate feature name ${JSON.stringify(duplicate)}`);

  const gb = gbtreeModel.safeParse(learner.gradient_booster.model);
  if (!gb.success) return fail(`invalid gbtree model (${issueText(gb.error)})`, gb.error);
  if (Number(gb.data.gbtree_model_param?.size_leaf_vector ?? "0") > 1)
    fail("vector-leaf trees are not supported");
  const treeInfo = gb.data.tree_info ?? [];
  const otherGroup = treeInfo.findIndex((g) => g !== 0);
  if (otherGroup >= 0)
    fail(`tree ${otherGroup} belongs to output group ${treeInfo[otherGroup]} (multi-class)`);

  const trees = gb.data.trees.map((raw, t) => {
    const tree = xgbTree.safeParse(raw);
    if (!tree.success) return fail(`invalid tree ${t} (${issueText(tree.error)})`, tree.error);
    return convertTree(tree.data, numFeature, featureNames, (message) => fail(`tree ${t}: ${message}`));
  });

  return {
    // "+ 0" turns the -0 of base_score 0.5 into 0.
    ensemble: { trees, baseMargin: logitFloat32(baseScore) + 0, featureNames },
    xgboostVersion,
    baseScore,
    generatedFeatureNames,
  };
}

/** Categorical splits cannot be served: ONNX's tree ensemble and our trees split on `x < threshold`. */
function categoricalMessage(feature: string, where = ""): string {
  return (
    `categorical feature ${JSON.stringify(feature)}${where} is not supported ` +
    "(only numerical splits can be imported; one-hot encode it before training)"
  );
}

/** NaN and infinities as XGBoost's JSON writers have spelled them, outside strings. */
const NON_FINITE = /"(?:[^"\\]|\\.)*"|(-?)(NaN|nan|Infinity|inf)\b/g;
const NON_FINITE_TAG = "\u0000non-finite:";

/**
 * `JSON.parse`, also accepting the bare NaN / Infinity literals XGBoost writes (1.x puts NaN in
 * a categorical split's condition), so such a model gets the importer's own message.
 */
function parseJsonWithNonFinite(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (cause) {
    let replaced = false;
    const tagged = text.replace(NON_FINITE, (match, sign: string | undefined, word: string | undefined) => {
      if (word === undefined) return match;
      replaced = true;
      return JSON.stringify(
        `${NON_FINITE_TAG}${sign}${word.startsWith("N") || word === "nan" ? "NaN" : "Infinity"}`,
      );
    });
    if (!replaced) throw cause;
    try {
      return JSON.parse(tagged, (_key, value: unknown) =>
        typeof value === "string" && value.startsWith(NON_FINITE_TAG)
          ? Number(value.slice(NON_FINITE_TAG.length))
          : value,
      );
    } catch {
      throw cause;
    }
  }
}

/**
 * Decodes a saved XGBoost model's bytes: Universal Binary JSON (`model.ubj`, XGBoost's default
 * format since 2.1) or JSON. Throws `XgboostImportError` naming `source` when they are neither.
 *
 * @example
 * importXgboostModel(parseXgboostModelBytes(await readFile("model.ubj"), "model.ubj"));
 */
export function parseXgboostModelBytes(bytes: Uint8Array, source: string): unknown {
  // Both start with "{"; in UBJSON a key length's integer marker (or $, #, N, }) follows it.
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  const ubj =
    i === 0 &&
    bytes[0] === 0x7b &&
    bytes.length > 1 &&
    [0x69, 0x55, 0x49, 0x6c, 0x4c, 0x24, 0x23, 0x4e].includes(bytes[1]);
  if (ubj || (/\.ubj$/i.test(source) && bytes[i] !== 0x7b)) {
    try {
      return readUbjson(bytes);
    } catch (cause) {
      if (!(cause instanceof UbjsonError)) throw cause;
      throw new XgboostImportError(`invalid ubjson (${cause.message})`, source, { cause });
    }
  }
  try {
    return parseJsonWithNonFinite(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString("utf8"),
    );
  } catch (cause) {
    throw new XgboostImportError(`invalid json (${(cause as Error).message.toLowerCase()})`, source, {
      cause,
    });
  }
}

/**
 * Reads and imports an XGBoost model file, JSON or UBJ (see `importXgboostModel`); error
 * messages name the file. `read` is the file reader (defaults to node:fs).
 */
export async function importXgboostModelFile(
  path: string,
  options: Omit<XgboostImportOptions, "source"> = {},
  read: (path: string) => Promise<string | Uint8Array> = (p) => readFile(p),
): Promise<XgboostImport> {
  let content: string | Uint8Array;
  try {
    content = await read(path);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    throw new XgboostImportError(code === "ENOENT" ? "file not found" : "cannot read file", path, { cause });
  }
  const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
  return importXgboostModel(parseXgboostModelBytes(bytes, path), { ...options, source: path });
}

/**
 * One XGBoost tree → our structure-of-arrays tree. Nodes unreachable from the root (left behind
 * by pruning) are dropped; the reachable ones keep their relative order, so node ids match
 * XGBoost's whenever nothing was pruned.
 */
function convertTree(
  t: z.infer<typeof xgbTree>,
  numFeature: number,
  featureNames: readonly string[],
  fail: (message: string) => never,
): Tree {
  const n = t.left_children.length;
  if (n === 0) fail("no nodes");
  const arrays = {
    right_children: t.right_children,
    split_indices: t.split_indices,
    split_conditions: t.split_conditions,
    default_left: t.default_left,
    sum_hessian: t.sum_hessian,
  };
  for (const [name, a] of Object.entries(arrays)) {
    if (a.length !== n) fail(`${name} has ${a.length} entries for ${n} nodes`);
  }
  const categoricalNode = (t.split_type ?? []).findIndex((s) => s !== 0);
  const node = categoricalNode >= 0 ? categoricalNode : (t.categories_nodes ?? [-1])[0];
  if (node >= 0) {
    const f = t.split_indices[node];
    fail(categoricalMessage(featureNames[f] ?? `f${f}`, ` (split at node ${node})`));
  }
  // XGBoost 2.x writes size_leaf_vector "1" for scalar leaves, 1.x "0".
  if (Number(t.tree_param?.size_leaf_vector ?? "0") > 1) fail("vector-leaf trees are not supported");

  // Walk from the root: checks child links (in range, no node reached twice) and finds the
  // reachable nodes.
  const reached = new Uint8Array(n);
  const stack = [0];
  reached[0] = 1;
  while (stack.length > 0) {
    const i = stack.pop()!;
    const l = t.left_children[i];
    const r = t.right_children[i];
    if (l === -1 && r === -1) continue;
    if (l === -1 || r === -1) fail(`node ${i} has one child`);
    for (const c of [l, r]) {
      if (c < 1 || c >= n) fail(`node ${i} has child ${c} out of range`);
      if (reached[c]) fail(`node ${c} is reached twice`);
      reached[c] = 1;
      stack.push(c);
    }
    const f = t.split_indices[i];
    if (f < 0 || f >= numFeature) fail(`node ${i} splits on feature ${f} (num_feature ${numFeature})`);
    if (!Number.isFinite(t.split_conditions[i])) fail(`node ${i} has threshold ${t.split_conditions[i]}`);
  }
  for (let i = 0; i < n; i++) {
    if (reached[i] && t.left_children[i] === -1 && !Number.isFinite(t.split_conditions[i]))
      fail(`leaf ${i} has value ${t.split_conditions[i]}`);
  }
  const newId = new Int32Array(n).fill(-1);
  let m = 0;
  for (let i = 0; i < n; i++) if (reached[i]) newId[i] = m++;

  const tree: Tree = allocateTree(m);
  for (let i = 0; i < n; i++) {
    const k = newId[i];
    if (k < 0) continue;
    const leaf = t.left_children[i] === -1;
    tree.left[k] = leaf ? -1 : newId[t.left_children[i]];
    tree.right[k] = leaf ? -1 : newId[t.right_children[i]];
    tree.feature[k] = leaf ? -1 : t.split_indices[i];
    // A leaf's value lives in split_conditions (already scaled by eta); a split's threshold too.
    tree.threshold[k] = leaf ? 0 : t.split_conditions[i];
    tree.value[k] = leaf ? t.split_conditions[i] : 0;
    tree.defaultLeft[k] = leaf ? 0 : Number(t.default_left[i]) ? 1 : 0;
    tree.cover[k] = t.sum_hessian[i];
  }
  return tree;
}
