import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { register as registerActions } from "../../../slack/listeners/actions.ts";
import { register as registerCommands } from "../../../slack/listeners/commands.ts";
import { register as registerEvents } from "../../../slack/listeners/events.ts";
import { register as registerHome } from "../../../slack/listeners/home.ts";
import { registerListeners, SLACK_COMMAND } from "../../../slack/listeners/index.ts";
import { ACTION_PREFIX } from "../../../slack/reply-blocks.ts";
import type { SlackDeps } from "../../../slack/slack-deps.ts";

/** A Bolt app that only records what is registered on it. */
function recordingApp() {
  const registered: string[] = [];
  const app = {
    command: (name: string) => registered.push(`command ${name}`),
    event: (name: string) => registered.push(`event ${name}`),
    action: (constraints: { action_id: RegExp }) =>
      registered.push(`action ${String(constraints.action_id)}`),
    use: () => registered.push("middleware"),
    error: () => registered.push("error"),
  };
  return { app: app as unknown as App, registered };
}

// Nothing is called at registration time: the listeners only close over their deps.
const deps = { services: { logger: {} } } as unknown as SlackDeps;

describe("Slack listeners (one file per listener kind)", () => {
  it("each file registers exactly the listeners it claims", () => {
    const cases: [(app: App, deps: SlackDeps) => void, string[]][] = [
      [registerCommands, [`command ${SLACK_COMMAND}`]],
      [registerEvents, ["event app_mention", "event message"]],
      [registerActions, [`action /^${ACTION_PREFIX}/`]],
      [registerHome, ["event app_home_opened"]],
    ];
    for (const [register, expected] of cases) {
      const { app, registered } = recordingApp();
      register(app, deps);
      expect(registered).toEqual(expected);
    }
  });

  it("registerListeners registers each of the five listeners once, and no middleware", () => {
    const { app, registered } = recordingApp();
    registerListeners(app, deps);
    expect(registered).toEqual([
      "command /engage",
      "event app_mention",
      "event message",
      `action /^${ACTION_PREFIX}/`,
      "event app_home_opened",
    ]);
  });
});
