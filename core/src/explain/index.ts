// Public face of core/src/explain: exact TreeSHAP (single thread and worker pool).
export type { TreeShapResult, RowShap, TreeShapOptions, TreeShapRowOptions } from "./tree-shap.ts";
export { treeShap, treeShapRow } from "./tree-shap.ts";
export type { ShapPool, ShapPoolOptions, ShapPoolRunOptions } from "./shap-pool.ts";
export { createShapPool } from "./shap-pool.ts";
