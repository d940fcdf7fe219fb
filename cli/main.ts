#!/usr/bin/env node
/**
 * The `engagetrack` CLI: the composition root for command-line runs. Each command lives in
 * `commands/<name>.ts` and exports `register(program)`; this file only wires them and maps
 * errors to exit codes (0 ok, 1 data problems, 2 unusable input or usage error).
 */
import { Command, CommanderError } from "commander";
import { CliError, ExitCode } from "./cli-error.ts";
import { commands } from "./commands/index.ts";

export function buildProgram(): Command {
  const program = new Command("engagetrack")
    .description("Which customers are about to churn, why, and what to do about it.")
    .version("0.1.0")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of commands) register(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === "number" ? process.exitCode : ExitCode.ok;
  } catch (err) {
    if (err instanceof CommanderError) {
      // --help and --version end here with exit code 0; real usage errors with 2.
      return err.exitCode === 0 ? ExitCode.ok : ExitCode.unusable;
    }
    if (err instanceof CliError) {
      process.stderr.write(`engagetrack: ${err.message}\n`);
      return err.exitCode;
    }
    const message = err instanceof Error ? err.message : String(err);
    process.stderr.write(`engagetrack: unexpected failure: ${message}\n`);
    return ExitCode.unusable;
  }
}

const code = await main(process.argv);
process.exitCode = code;
