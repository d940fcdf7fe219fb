// Worker-thread entry for the TreeSHAP pool. tsx's loader (from `tsx`, `--import tsx`
// or the `register()` in bin/engagetrack.js) does not reach worker threads, so this plain-JS file
// loads the TypeScript worker through tsx's API. Works the same under vitest, tsx and the CLI.
import { tsImport } from "tsx/esm/api";

await tsImport("./shap-worker.ts", import.meta.url);
