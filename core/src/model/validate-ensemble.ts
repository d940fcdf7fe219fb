import type { TreeEnsemble } from "./tree.ts";

/**
 * Throws unless `ensemble` is well formed: every tree's arrays have one entry per node, node 0 is
 * the root, each other node is the child of exactly one node, splits use a known feature and a
 * non-NaN threshold, and values, covers and the base margin are finite. Exporters call it so a
 * broken ensemble fails here, with the tree and node named, rather than deep inside onnxruntime.
 */
export function validateEnsemble(ensemble: TreeEnsemble): void {
  const nf = ensemble.featureNames.length;
  if (!Number.isFinite(ensemble.baseMargin)) throw new Error(`invalid base margin: ${ensemble.baseMargin}`);
  const seen = new Set<string>();
  for (const name of ensemble.featureNames) {
    if (name === "") throw new Error("empty feature name");
    if (seen.has(name)) throw new Error(`duplicate feature name: ${JSON.stringify(name)}`);
    seen.add(name);
  }
  ensemble.trees.forEach((tree, t) => {
    const n = tree.left.length;
    const fail = (message: string): never => {
      throw new Error(`tree ${t}: ${message}`);
    };
    if (n === 0) fail("no nodes");
    for (const key of ["right", "feature", "threshold", "defaultLeft", "value", "cover"] as const) {
      if (tree[key].length !== n) fail(`${key} has ${tree[key].length} entries for ${n} nodes`);
    }
    const parents = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const l = tree.left[i];
      const r = tree.right[i];
      if (!Number.isFinite(tree.cover[i])) fail(`node ${i} has cover ${tree.cover[i]}`);
      if (l === -1 && r === -1) {
        if (!Number.isFinite(tree.value[i])) fail(`leaf ${i} has value ${tree.value[i]}`);
        continue;
      }
      if (l < 1 || l >= n || r < 1 || r >= n || l === r) fail(`node ${i} has children ${l}, ${r}`);
      parents[l]++;
      parents[r]++;
      const f = tree.feature[i];
      if (!(f >= 0 && f < nf)) fail(`node ${i} splits on feature ${f} of ${nf}`);
      if (Number.isNaN(tree.threshold[i])) fail(`node ${i} has threshold NaN`);
    }
    for (let i = 1; i < n; i++) if (parents[i] !== 1) fail(`node ${i} has ${parents[i]} parents`);
    // n - 1 nodes with one parent each and n - 1 child links: a cycle would leave the root's
    // subtree short of n nodes, so count what the root reaches.
    let reached = 0;
    const stack = [0];
    while (stack.length > 0 && reached <= n) {
      const i = stack.pop()!;
      reached++;
      if (tree.left[i] !== -1) stack.push(tree.left[i], tree.right[i]);
    }
    if (reached !== n) fail(`${n - reached} nodes are not reachable from the root`);
  });
}
