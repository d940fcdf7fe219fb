import type { Command } from "commander";

/** Every CLI command registers itself here, in the order `--help` lists them. */
export const commands: ReadonlyArray<(program: Command) => void> = [];
