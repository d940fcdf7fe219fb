/**
 * What a command may touch of its process: its output streams, its input, its environment and its
 * working directory. `engagetrack` passes the real ones; tests pass buffers and a fixed
 * environment, so a command runs in-process exactly as it does from a shell.
 */
/** An output stream; a terminal (`isTTY`) gets progress bars and interactive prompts. */
export type CliOutput = NodeJS.WritableStream & { isTTY?: boolean };

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
}

/** A command's implementation: the parsed arguments in, the exit code out (undefined means 0). */
export type CommandAction<A extends unknown[] = never[]> = (io: CliIo, ...args: A) => Promise<number | void>;
