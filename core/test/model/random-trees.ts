// Seeded random tree ensembles and feature matrices for tests of anything that walks trees
// (in-memory prediction, ONNX export and scoring, TreeSHAP, snapshots). Every choice comes from
// the seed. Thresholds are drawn from a small per-feature pool and the matrix draws its values
// from the thresholds the ensemble actually uses, so rows land exactly on thresholds (`x ==
// threshold` must go right) and features repeat along paths; NaN cells exercise default
// directions.
import type { FeatureMatrix } from "../../src/features/feature-matrix.ts";
import type { Tree, TreeEnsemble } from "../../src/model/tree.ts";

/** sfc32 seeded through splitmix32: floats in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  const splitmix = (): number => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = 1;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

export interface RandomEnsembleOptions {
  seed: number;
  /** Number of trees (default 10). */
  nTrees?: number;
  /** Number of features (default 8), named f0, f1, …; or give `featureNames`. */
  nFeatures?: number;
  featureNames?: readonly string[];
  /** Each tree's depth (in splits) is drawn uniformly from [minDepth, maxDepth] (default 1–8; 0 = a lone leaf). */
  minDepth?: number;
  maxDepth?: number;
  /** Probability that a node off the tree's deepest path stops early as a leaf (default 0.3). */
  earlyLeafRate?: number;
  /** Distinct thresholds per feature (default 5): few, so paths reuse them. */
  thresholdsPerFeature?: number;
  /** Leaf values are uniform in [-valueScale, valueScale] (default 0.5), float32. */
  valueScale?: number;
  /** Only non-negative leaf values (exercises onnxruntime's all-positive-weights case). */
  nonNegativeLeaves?: boolean;
  /** Probability that a leaf has cover 0, a branch no training row took (default 0). */
  zeroCoverRate?: number;
  /** Base margin (default: uniform in [-1, 1], float32). */
  baseMargin?: number;
}

/** A per-feature pool of float32 thresholds: a mix of integers (like one-hot or counts) and fractions. */
function thresholdPool(random: () => number, size: number): Float32Array {
  const kind = random();
  const pool = new Set<number>();
  while (pool.size < size) {
    const v =
      kind < 0.3
        ? Math.floor(random() * 4) // small integers: 0/1 flags, counts
        : kind < 0.6
          ? Math.fround((random() - 0.5) * 200) // signed fractions
          : Math.fround(random() * 100) + 0.5; // x.5 grid-ish values, as XGBoost's hist cuts often are
    pool.add(Math.fround(v));
    if (kind < 0.3 && pool.size >= 4) break;
  }
  return Float32Array.from([...pool].sort((x, y) => x - y));
}

/**
 * A random ensemble: unbalanced trees of random depth, nodes numbered breadth-first from the
 * root, float32 thresholds, values and covers, and covers that add up (a split's cover is the sum
 * of its children's, as XGBoost's hessian sums do).
 *
 * @example
 * const ensemble = randomEnsemble({ seed: 1, nTrees: 20, nFeatures: 6, maxDepth: 5 });
 * const matrix = randomFeatureMatrix(ensemble, { seed: 2, nRows: 1000, missingRate: 0.1 });
 */
export function randomEnsemble(o: RandomEnsembleOptions): TreeEnsemble {
  const random = seededRandom(o.seed);
  const featureNames = o.featureNames
    ? [...o.featureNames]
    : Array.from({ length: o.nFeatures ?? 8 }, (_, j) => `f${j}`);
  const nf = featureNames.length;
  const minDepth = o.minDepth ?? 1;
  const maxDepth = o.maxDepth ?? 8;
  const earlyLeafRate = o.earlyLeafRate ?? 0.3;
  const scale = o.valueScale ?? 0.5;
  const pools = featureNames.map(() => thresholdPool(random, o.thresholdsPerFeature ?? 5));
  const trees: Tree[] = [];
  for (let t = 0; t < (o.nTrees ?? 10); t++) {
    const depth = minDepth + Math.floor(random() * (maxDepth - minDepth + 1));
    trees.push(randomTree(random, { depth, nf, pools, earlyLeafRate, scale, o }));
  }
  const baseMargin = o.baseMargin ?? Math.fround(random() * 2 - 1);
  return { trees, baseMargin, featureNames };
}

function randomTree(
  random: () => number,
  p: {
    depth: number;
    nf: number;
    pools: Float32Array[];
    earlyLeafRate: number;
    scale: number;
    o: RandomEnsembleOptions;
  },
): Tree {
  // Breadth-first growth; `spine` marks the path that always reaches the full depth.
  type Node = { depth: number; spine: boolean; left: number; right: number };
  const nodes: Node[] = [{ depth: 0, spine: true, left: -1, right: -1 }];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    const split = node.depth < p.depth && (node.spine || random() >= p.earlyLeafRate);
    if (!split) continue;
    const spineLeft = random() < 0.5;
    node.left =
      nodes.push({ depth: node.depth + 1, spine: node.spine && spineLeft, left: -1, right: -1 }) - 1;
    node.right =
      nodes.push({ depth: node.depth + 1, spine: node.spine && !spineLeft, left: -1, right: -1 }) - 1;
  }
  const n = nodes.length;
  const tree: Tree = {
    left: new Int32Array(n),
    right: new Int32Array(n),
    feature: new Int32Array(n),
    threshold: new Float32Array(n),
    defaultLeft: new Uint8Array(n),
    value: new Float32Array(n),
    cover: new Float32Array(n),
  };
  for (let i = 0; i < n; i++) {
    const node = nodes[i];
    tree.left[i] = node.left;
    tree.right[i] = node.right;
    if (node.left === -1) {
      tree.feature[i] = -1;
      const u = random();
      tree.value[i] = p.o.nonNegativeLeaves ? u * p.scale : (2 * u - 1) * p.scale;
      // Quarter units keep the sums exact in float32.
      tree.cover[i] = random() < (p.o.zeroCoverRate ?? 0) ? 0 : (1 + Math.floor(random() * 400)) / 4;
    } else {
      const f = Math.floor(random() * p.nf);
      const pool = p.pools[f];
      tree.feature[i] = f;
      tree.threshold[i] = pool[Math.floor(random() * pool.length)];
      tree.defaultLeft[i] = random() < 0.5 ? 1 : 0;
    }
  }
  // Children come after their parent in breadth-first order, so a backward pass sums covers.
  for (let i = n - 1; i >= 0; i--) {
    if (tree.left[i] !== -1) tree.cover[i] = tree.cover[tree.left[i]] + tree.cover[tree.right[i]];
  }
  return tree;
}

export interface RandomMatrixOptions {
  seed: number;
  nRows: number;
  /** Fraction of cells that are NaN (default 0.1). */
  missingRate?: number;
  /** Fraction of (present) cells set exactly to one of the feature's thresholds (default 0.4). */
  onThresholdRate?: number;
}

/**
 * Rows for an ensemble: each cell is missing, exactly a threshold the ensemble uses for that
 * feature, a float32 just below such a threshold, or a random value spanning them.
 */
export function randomFeatureMatrix(ensemble: TreeEnsemble, o: RandomMatrixOptions): FeatureMatrix {
  const random = seededRandom(o.seed);
  const nf = ensemble.featureNames.length;
  const used: number[][] = Array.from({ length: nf }, () => []);
  for (const tree of ensemble.trees) {
    for (let i = 0; i < tree.left.length; i++)
      if (tree.left[i] !== -1) used[tree.feature[i]].push(tree.threshold[i]);
  }
  const missingRate = o.missingRate ?? 0.1;
  const onRate = o.onThresholdRate ?? 0.4;
  const columns = used.map((thresholds) => {
    const lo = thresholds.length ? Math.min(...thresholds) : 0;
    const hi = thresholds.length ? Math.max(...thresholds) : 1;
    const col = new Float32Array(o.nRows);
    for (let i = 0; i < o.nRows; i++) {
      const u = random();
      if (u < missingRate) col[i] = NaN;
      else if (thresholds.length && u < missingRate + onRate) {
        const x = thresholds[Math.floor(random() * thresholds.length)];
        // Half exactly on the threshold, half the next float32 below it (must go left).
        col[i] = random() < 0.5 ? x : nextDownFloat32(x);
      } else col[i] = lo - 1 + random() * (hi - lo + 2);
    }
    return col;
  });
  return { nRows: o.nRows, featureNames: [...ensemble.featureNames], columns };
}

/** The largest float32 below x (x finite). */
export function nextDownFloat32(x: number): number {
  const f = new Float32Array([x]);
  const u = new Int32Array(f.buffer);
  if (x === 0) return -1.401298464324817e-45;
  u[0] += x > 0 ? -1 : 1;
  return f[0];
}

/**
 * A plain reference evaluator sharing no code with `predictMargin`: walks each row through each
 * tree with XGBoost's rules and sums leaf values in float32, base margin first.
 */
export function referenceMargin(ensemble: TreeEnsemble, matrix: FeatureMatrix): Float64Array {
  const out = new Float64Array(matrix.nRows);
  for (let r = 0; r < matrix.nRows; r++) {
    let sum = Math.fround(ensemble.baseMargin);
    for (const tree of ensemble.trees) {
      let i = 0;
      while (tree.left[i] !== -1) {
        const x = matrix.columns[tree.feature[i]][r];
        const goLeft = Number.isNaN(x) ? tree.defaultLeft[i] === 1 : x < tree.threshold[i];
        i = goLeft ? tree.left[i] : tree.right[i];
      }
      sum = Math.fround(sum + tree.value[i]);
    }
    out[r] = sum;
  }
  return out;
}
