import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";
import { register as data } from "./data.ts";
import { register as model } from "./model.ts";
import { register as score } from "./score.ts";
import { register as explain } from "./explain.ts";
import { register as train } from "./train.ts";
import { register as evaluate } from "./evaluate.ts";
import { register as snapshot } from "./snapshot.ts";
import { register as start } from "./start.ts";
import { register as run } from "./run.ts";
import { register as experiment } from "./experiment.ts";
import { register as chart } from "./chart.ts";
import { register as report } from "./report.ts";
import { register as nudge } from "./nudge.ts";
import { register as ask } from "./ask.ts";
import { register as chat } from "./chat.ts";
import { register as serve } from "./serve.ts";
import { register as digest } from "./digest.ts";

/**
 * Every CLI command registers itself here, in the order `--help` lists them. These modules are the
 * definitions only (names, descriptions, options); each loads its implementation in `../actions/`
 * when it runs.
 */
export const commands: ReadonlyArray<(program: Command, lazy: LazyAction) => void> = [
  start,
  run,
  data,
  train,
  evaluate,
  model,
  score,
  explain,
  snapshot,
  experiment,
  chart,
  report,
  nudge,
  ask,
  chat,
  serve,
  digest,
];
