/**
 * `engagetrack data <subcommand>`: working with customer files. Each subcommand lives in its own
 * file exporting a `(data: Command, lazy: LazyAction) => void`; add it to `dataSubcommands` below.
 */
import type { Command } from "commander";
import type { LazyAction } from "../lazy-action.ts";
import { registerDataValidate } from "./data-validate.ts";
import { registerDataSimulate } from "./data-simulate.ts";
import { registerDataInit } from "./data-init.ts";

/** Subcommands of `data`, in the order `engagetrack data --help` lists them. */
export const dataSubcommands: ReadonlyArray<(data: Command, lazy: LazyAction) => void> = [
  registerDataValidate,
  registerDataSimulate,
  registerDataInit,
];

export function register(program: Command, lazy: LazyAction): void {
  const data = program.command("data").description("Check, load and simulate customer files.");
  for (const add of dataSubcommands) add(data, lazy);
}
