#!/usr/bin/env node
/**
 * The `engagetrack` CLI: the composition root for command-line runs. The program (`program.ts`)
 * registers every command's definition from `commands/`; a command's implementation in `actions/`
 * loads only when it runs. `run.ts` maps errors to exit codes (0 ok, 1 data problems, 2 unusable
 * input or usage error); this file gives it the real process.
 */
import { unsupportedNode } from "./node-version.ts";

const tooOld = unsupportedNode();
if (tooOld) {
  process.stderr.write(`engagetrack: ${tooOld}\n`);
  process.exitCode = 2;
} else {
  // Loaded only on a Node that can run it (a dependency may need a newer one at import).
  const { run } = await import("./run.ts");
  await run(process.argv.slice(2), { exit: (code) => (process.exitCode = code) });
}
