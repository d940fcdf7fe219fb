// Worker-thread entry for tree growing. tsx's loader does not reach worker threads (Node 22 and 24 alike),
// so this plain-JS file loads the TypeScript worker through tsx's API (as the TreeSHAP pool does).
import { tsImport } from "tsx/esm/api";

await tsImport("./grow-worker.ts", import.meta.url);
