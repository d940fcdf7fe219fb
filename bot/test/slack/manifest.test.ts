import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { SLACK_COMMAND, SLACK_EVENTS_PATH } from "../../slack/index.ts";

const MANIFEST = join(import.meta.dirname, "../../slack/manifest.yaml");

describe("bot/slack/manifest.yaml", () => {
  it("asks for the scopes and events the app uses, and sends everything to /slack/events", async () => {
    const m = parse(await readFile(MANIFEST, "utf8"));
    expect(m.oauth_config.scopes.bot).toEqual([
      "commands",
      "chat:write",
      "files:write",
      "app_mentions:read",
      "im:history",
      "im:read",
      "im:write",
      "channels:read",
      "groups:read",
      "users:read",
      // "My accounts": the asker's profile e-mail (users.info), matched with the owners file.
      "users:read.email",
    ]);
    expect(m.settings.event_subscriptions.bot_events).toEqual([
      "app_mention",
      "message.im",
      "app_home_opened",
    ]);
    const url = `https://<host>${SLACK_EVENTS_PATH}`;
    expect(m.settings.event_subscriptions.request_url).toBe(url);
    expect(m.settings.interactivity).toEqual({ is_enabled: true, request_url: url });
    expect(m.features.slash_commands).toEqual([expect.objectContaining({ command: SLACK_COMMAND, url })]);
    expect(m.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(m.settings.socket_mode_enabled).toBe(false);
    // Slack's own limits on the manifest.
    expect(m.display_information.name.length).toBeLessThanOrEqual(35);
    expect(m.display_information.description.length).toBeLessThanOrEqual(140);
    expect(m.features.slash_commands[0].description.length).toBeLessThanOrEqual(100);
  });
});
