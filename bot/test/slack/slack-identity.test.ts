// The Slack asker's identity for "my accounts": users.info on a fake Slack Web API, once per user
// per TTL (a fixed clock moves it), a refusal leaves the e-mail out, a network failure is thrown,
// and a Slack ID the owners file names is never looked up.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseOwnerDirectory } from "../../services/owner-directory.ts";
import { createSlackIdentities, SLACK_PROFILE_TTL_MS } from "../../slack/slack-identity.ts";
import { createSlackWebClient } from "../../slack/slack-web-client.ts";
import { silentLogger } from "../fixtures/conversation-fixture.ts";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";

let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack({ profiles: { U0DANA: "dana@example.com" } });
});
afterAll(async () => {
  await fake?.close();
});

const client = (apiUrl = fake.apiUrl) =>
  createSlackWebClient({
    token: "xoxb-test",
    apiUrl,
    logger: silentLogger(),
    maxRetries: 0,
    timeoutMs: 2000,
  });

describe("slack identities", () => {
  it("looks the profile e-mail up once per user per TTL", async () => {
    fake.reset();
    let now = 1_000_000;
    const identify = createSlackIdentities(client(), { logger: silentLogger(), clock: () => now });
    expect(await identify("U0DANA")()).toEqual({ slackUserId: "U0DANA", email: "dana@example.com" });
    now += SLACK_PROFILE_TTL_MS - 1;
    expect(await identify("U0DANA")()).toEqual({ slackUserId: "U0DANA", email: "dana@example.com" });
    expect(fake.callsOf("users.info")).toHaveLength(1);
    now += 1;
    await identify("U0DANA")();
    expect(fake.callsOf("users.info")).toHaveLength(2);
  });

  it("a user Slack does not know is known by ID only (no throw), and that is cached too", async () => {
    fake.reset();
    const warnings: unknown[] = [];
    const identify = createSlackIdentities(client(), {
      logger: { warn: (o: unknown) => void warnings.push(o) },
    });
    expect(await identify("U0GHOST")()).toEqual({ slackUserId: "U0GHOST" });
    expect(await identify("U0GHOST")()).toEqual({ slackUserId: "U0GHOST" });
    expect(fake.callsOf("users.info")).toHaveLength(1);
    expect(warnings).toEqual([{ code: "slack-profile", error: "user_not_found" }]);
  });

  it("a Slack ID the owners file names needs no lookup", async () => {
    fake.reset();
    const owners = parseOwnerDirectory(
      "owners:\n  - owner: Dana Whitfield\n    slack: U0DANA\nleads: [U0LEAD]\n",
      "owners.yaml",
    );
    const identify = createSlackIdentities(client(), { owners, logger: silentLogger() });
    expect(await identify("U0DANA")()).toEqual({ slackUserId: "U0DANA" });
    expect(await identify("U0LEAD")()).toEqual({ slackUserId: "U0LEAD" });
    expect(fake.callsOf("users.info")).toHaveLength(0);
  });

  it("Slack out of reach is thrown (the asker is asked to try again, not told they are unmapped)", async () => {
    const closed = await startFakeSlack();
    const url = closed.apiUrl;
    await closed.close();
    const identify = createSlackIdentities(client(url), { logger: silentLogger() });
    await expect(identify("U0DANA")()).rejects.toThrow();
  });
});
