/**
 * `engagetrack <args>` in this process: the program with its output, input, environment and working
 * directory given, returning the exit code (0 ok, 1 data problems, 2 unusable input or a usage
 * error). Commands never end the process; `main.ts` is the only place that touches
 * `process.exitCode`, and tests call `run` directly.
 *
 * @example
 * const code = await run(["data", "simulate", "--rows", "100", "--out", "c.csv"], { stdout, stderr });
 */
import { CommanderError } from "commander";
import { CliError, ExitCode } from "./cli-error.ts";
import type { CliIo, CliOutput, CommandAction } from "./cli-io.ts";
import type { LazyAction } from "./lazy-action.ts";
import { buildProgram } from "./program.ts";
import { SettingsError } from "../core/src/settings/settings-error.ts";

export interface RunOptions extends Partial<CliIo> {
  /** Told the exit code once the command has finished (main.ts sets process.exitCode with it). */
  exit?: (code: number) => void;
  /** Told what made the command fail, after its sentence went to stderr (tests check its code). */
  error?: (err: unknown) => void;
}

export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const io: CliIo = {
    stdout: options.stdout ?? process.stdout,
    stderr: options.stderr ?? process.stderr,
    stdin: options.stdin ?? process.stdin,
    env: options.env ?? process.env,
    cwd: options.cwd ?? process.cwd(),
  };
  let exitCode: number = ExitCode.ok;
  const lazy: LazyAction = (load, name = "action") =>
    async function (...args: unknown[]) {
      const action = (await load())[name] as CommandAction<unknown[]>;
      // Commander passes the declared arguments, the options, then the command itself.
      exitCode = (await action(io, ...args.slice(0, -1))) ?? ExitCode.ok;
    };
  const program = buildProgram(io, lazy);
  const restore = enter(io.cwd);
  let code: number;
  try {
    await program.parseAsync([...argv], { from: "user" });
    code = exitCode;
  } catch (err) {
    code = failure(err, io.stderr);
    options.error?.(err);
  } finally {
    restore();
  }
  options.exit?.(code);
  return code;
}

/** The exit code for a failure, after one sentence on stderr (never a stack trace). */
function failure(err: unknown, stderr: CliOutput): number {
  // --help and --version end here with exit code 0; usage errors (already printed) with 2.
  if (err instanceof CommanderError) return err.exitCode === 0 ? ExitCode.ok : ExitCode.unusable;
  if (err instanceof CliError) {
    stderr.write(`engagetrack: ${err.message}\n`);
    return err.exitCode;
  }
  if (err instanceof SettingsError) {
    stderr.write(`engagetrack: ${err.message}\n`);
    return ExitCode.unusable;
  }
  const message = err instanceof Error ? err.message : String(err);
  stderr.write(`engagetrack: unexpected failure: ${message}\n`);
  return ExitCode.unusable;
}

/** Runs in `cwd` (relative paths in arguments and settings resolve there) and returns the way back. */
function enter(cwd: string): () => void {
  const before = process.cwd();
  if (cwd === before) return () => {};
  process.chdir(cwd);
  return () => process.chdir(before);
}
