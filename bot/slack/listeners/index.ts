// Bolt's starter layout: one file per listener kind, each with `register(bolt, deps)`.
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../slack-deps.ts";
import { register as registerActions } from "./actions.ts";
import { register as registerCommands } from "./commands.ts";
import { register as registerEvents } from "./events.ts";
import { register as registerHome } from "./home.ts";

/** Registers every listener of the Slack app on `bolt`, all sharing one `deps`. */
export function registerListeners(bolt: App, deps: SlackDeps): void {
  registerCommands(bolt, deps);
  registerEvents(bolt, deps);
  registerActions(bolt, deps);
  registerHome(bolt, deps);
}

export { SLACK_COMMAND } from "./commands.ts";
