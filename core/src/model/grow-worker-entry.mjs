// Worker-thread entry for tree growing. On Node 20, tsx's loader does not reach worker threads,
// so this plain-JS file loads the TypeScript worker through tsx's API (as the TreeSHAP pool does).
import { tsImport } from "tsx/esm/api";

await tsImport("./grow-worker.ts", import.meta.url);
