/**
 * The `engagetrack` program: every command's name, description and options, registered at once
 * (cheap: the definitions in `commands/` import no part of core or the bot), with each command's
 * implementation loaded by `lazy` when it runs.
 */
import { Command } from "commander";
import type { CliIo } from "./cli-io.ts";
import { commands } from "./commands/index.ts";
import type { LazyAction } from "./lazy-action.ts";

export function buildProgram(io: Pick<CliIo, "stdout" | "stderr">, lazy: LazyAction): Command {
  // Output, exit override and the hint after errors are inherited by the commands registered below.
  const program = new Command("engagetrack")
    .description("Which customers are about to churn, why, and what to do about it.")
    .version("0.1.0")
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
    })
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commands) register(program, lazy);
  return program;
}
