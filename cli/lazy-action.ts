/**
 * Loads a command's implementation only when the command runs, so `engagetrack --help` (and every
 * other command) never imports the modules of commands it does not run: the definitions in
 * `commands/` are light, the implementations in `actions/` bring in core, the bot and jsdom.
 * A definition passes `lazy(load)` as its action, where `load` is a dynamic import of the module
 * in `actions/` that exports `action` (or `lazy(load, name)` for another export).
 */
import type { CommandAction } from "./cli-io.ts";

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- commander passes what the definition declares
export type ActionModule = { [name: string]: CommandAction<any[]> | unknown };

/** Turns "how to load the implementation" into a commander action handler. */
export type LazyAction = (
  load: () => Promise<ActionModule>,
  name?: string,
) => (...args: unknown[]) => Promise<void>;
