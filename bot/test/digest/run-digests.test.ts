import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { RenderedChart } from "../../../core/src/charts/server.ts";
import { DigestSlotError, slackDestination, type TeamsSender } from "../../digest/index.ts";
import { createSlackWebClient } from "../../slack/index.ts";
import { createLogger } from "../../../core/src/log/index.ts";
import { openSnapshotStore } from "../../../core/src/snapshot/index.ts";
import { digestWorld, weekly, type DigestWorld } from "./digest-world.ts";
import { startFakeSlack, type FakeSlack } from "./fake-slack.ts";

let world: DigestWorld;
let slack: FakeSlack;

beforeAll(async () => {
  slack = await startFakeSlack();
});
afterAll(() => slack.close());
beforeEach(async () => {
  world = await digestWorld();
  await world.publish({ seed: 1, at: "2026-07-05T20:00:00Z" });
  slack.posts.length = 0;
  slack.uploads.length = 0;
  slack.calls.length = 0;
});
afterEach(() => world.remove());

/** Customers to act on in the newest published snapshot. */
const newest = async () => (await openSnapshotStore(world.snapshotsDir).latest())!.summary().customers;
const files = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);
const at = (iso: string) => (world.now = Date.parse(iso));

describe("runDigests", () => {
  it("sends the latest due slot to the outbox once; the next run finds it settled", async () => {
    const runner = world.runner(weekly([{ type: "outbox" }]));
    const [sent] = await runner.run();
    expect(sent).toMatchObject({
      schedule: "weekly",
      slot: "2026-07-06T07:00:00Z",
      type: "outbox",
      status: "sent",
    });
    const folder = join(world.outboxDir, "weekly");
    expect(files(folder)).toEqual(["2026-07-06T07-00-00Z-risk-distribution.png", "2026-07-06T07-00-00Z.md"]);
    const md = readFileSync(join(folder, "2026-07-06T07-00-00Z.md"), "utf8");
    expect(md).toContain("# EngageTrack churn digest — weekly");
    expect(md).toContain("](2026-07-06T07-00-00Z-risk-distribution.png)");
    expect(md).toContain("Every scored customer compared with training data (synthetic)");
    expect(md).toContain("- [Model quality](https://engage.example.com/notebooks/model)");
    expect(
      readFileSync(join(folder, "2026-07-06T07-00-00Z-risk-distribution.png")).subarray(1, 4).toString(),
    ).toBe("PNG");

    at("2026-07-08T12:05:00Z");
    expect(await runner.run()).toMatchObject([{ status: "settled", messageRef: sent.messageRef }]);
    expect(files(folder)).toHaveLength(2);
  });

  it("after downtime sends one catch-up digest and records the missed slots as superseded", async () => {
    const runner = world.runner(weekly([{ type: "outbox" }]));
    await runner.run();
    at("2026-08-12T09:00:00Z"); // five weeks later
    const outcomes = await runner.run();
    expect(outcomes.map((o) => [o.slot, o.status])).toEqual([
      ["2026-07-13T07:00:00Z", "superseded"],
      ["2026-07-20T07:00:00Z", "superseded"],
      ["2026-07-27T07:00:00Z", "superseded"],
      ["2026-08-03T07:00:00Z", "superseded"],
      ["2026-08-10T07:00:00Z", "sent"],
    ]);
    expect(files(join(world.outboxDir, "weekly")).filter((f) => f.endsWith(".md"))).toEqual([
      "2026-07-06T07-00-00Z.md",
      "2026-08-10T07-00-00Z.md",
    ]);
    const ledger = world.ledger();
    const { results } = await ledger.entries("weekly", "2026-07-20T07:00:00Z", outcomes[0].destination);
    expect(results).toMatchObject([
      { status: "skipped", reason: "superseded by 2026-08-10T07:00:00Z", retry: false },
    ]);
    // And a run right after changes nothing.
    expect((await runner.run()).map((o) => o.status)).toEqual(["settled"]);
  });

  it("compares each destination with the digest it received last", async () => {
    await world.runner(weekly([{ type: "outbox", dir: join(world.dir, "a") }])).run();
    await world.publish({ seed: 2, at: "2026-07-12T20:00:00Z" });
    at("2026-07-13T07:00:00Z");
    const two = weekly([
      { type: "outbox", dir: join(world.dir, "a") },
      { type: "outbox", dir: join(world.dir, "b") },
    ]);
    expect((await world.runner(two).run()).map((o) => o.status)).toEqual(["sent", "sent"]);
    const a = readFileSync(join(world.dir, "a", "weekly", "2026-07-13T07-00-00Z.md"), "utf8");
    const b = readFileSync(join(world.dir, "b", "weekly", "2026-07-13T07-00-00Z.md"), "utf8");
    expect(a).toContain("Changes are since the last digest here (2026-07-06 07:00 UTC");
    expect(a).toContain("## Newly high-risk customers");
    expect(a).toContain("## Biggest movers");
    expect(a).toMatch(/\| Customer \| Before \| Now \| Change \|/);
    expect(b).toContain("First digest here: no earlier digest to compare with.");
    expect(b).toContain("## High-risk customers");
  });

  it("posts to Slack once with metadata, uploads the chart with alt text, and waits out a 429", async () => {
    slack.rateLimit("chat.postMessage", 1, 1);
    const runner = world.runner(weekly([{ type: "slack", channel: "C0DIGEST1" }]), {
      slackApiUrl: slack.apiUrl,
    });
    const [o] = await runner.run();
    expect(o).toMatchObject({ status: "sent", destination: "slack-C0DIGEST1" });
    expect(slack.posts).toHaveLength(1);
    const post = slack.posts[0];
    expect(o.messageRef).toBe(`C0DIGEST1/${post.ts}`);
    expect(post.metadata).toEqual({
      event_type: "engagetrack_digest",
      event_payload: { schedule: "weekly", slot: "2026-07-06T07:00:00Z", snapshot: expect.any(String) },
    });
    expect(JSON.stringify(post.blocks)).toContain("Customers by risk band");
    const tries = slack.calls.filter((c) => c.method === "chat.postMessage");
    expect(tries).toHaveLength(2);
    expect(tries[1].at - tries[0].at).toBeGreaterThanOrEqual(990);
    expect(slack.uploads).toEqual([
      expect.objectContaining({
        channel: "C0DIGEST1",
        title: "Churn risk distribution",
        // The chart shows the customers to act on (the churned are history), as every count does.
        altText: expect.stringMatching(
          new RegExp(
            `^Histogram of churn probability for ${(await newest()).toLocaleString("en-US")} customers`,
          ),
        ),
      }),
    ]);
    expect(slack.uploads[0].bytes).toBeGreaterThan(10_000);
  });

  it("records a failure with its reason and retries it on the next run", async () => {
    slack.fail("chat.postMessage", "channel_not_found");
    const runner = world.runner(weekly([{ type: "slack", channel: "C0GONE" }]), {
      slackApiUrl: slack.apiUrl,
    });
    const [failed] = await runner.run();
    expect(failed).toMatchObject({ status: "failed", reason: expect.stringContaining("channel_not_found") });
    expect(
      world.logs.some((l) => l.includes('"msg":"digest failed"') && l.includes("channel_not_found")),
    ).toBe(true);
    slack.fail("chat.postMessage", null);
    at("2026-07-08T13:00:00Z");
    const [retried] = await runner.run();
    expect(retried.status).toBe("sent");
    expect(slack.posts).toHaveLength(1);
    const ledger = world.ledger();
    const { results } = await ledger.entries("weekly", "2026-07-06T07:00:00Z", "slack-C0GONE");
    expect(results.map((r) => [r.attempt, r.status])).toEqual([
      [1, "failed"],
      [2, "sent"],
    ]);
  });

  it("finds the post of a sender that died before recording it, instead of posting again", async () => {
    // A sender claims and posts, then dies before writing its result.
    const logger = createLogger({ write: () => {} } as never);
    const client = createSlackWebClient({ token: "xoxb-test", apiUrl: slack.apiUrl, logger });
    const ledger = world.ledger(5_000);
    const runner = world.runner(weekly([{ type: "slack", channel: "C0CRASH" }]), {
      slackApiUrl: slack.apiUrl,
      leaseMs: 5_000,
    });
    const claimed = await ledger.claim("weekly", "2026-07-06T07:00:00Z", "slack-C0CRASH");
    if (claimed.kind !== "claimed") throw new Error("expected a claim");
    const chart: RenderedChart = { kind: "text", text: "table", alt: "alt", reason: "test" };
    const { buildDigestReport } = await import("../../../core/src/digest/index.ts");
    const { openSnapshotStore } = await import("../../../core/src/snapshot/index.ts");
    const current = (await openSnapshotStore(world.snapshotsDir).latest())!;
    const report = buildDigestReport({ schedule: "weekly", slot: "2026-07-06T07:00:00Z", current });
    await slackDestination("C0CRASH", client).deliver({ report, chart, claim: claimed.claim });
    expect(slack.posts).toHaveLength(1);

    expect((await runner.run())[0].status).toBe("busy"); // its lease has not run out yet
    at("2026-07-08T12:00:06Z");
    const [recovered] = await runner.run();
    expect(recovered).toMatchObject({
      status: "sent",
      messageRef: `C0CRASH/${slack.posts[0].ts}`,
      // The dead sender had not shared the chart image: the recovery does.
      reason:
        "already posted by an earlier attempt (found by its metadata); its missing chart was shared now",
    });
    expect(slack.uploads.filter((u) => u.channel === "C0CRASH")).toHaveLength(1);
    expect(slack.posts).toHaveLength(1);
    expect(slack.calls.some((c) => c.method === "conversations.history")).toBe(true);
  });

  it("a sender that died after posting but before sharing the chart: the takeover shares the chart, once", async () => {
    const logger = createLogger({ write: () => {} } as never);
    const client = createSlackWebClient({ token: "xoxb-test", apiUrl: slack.apiUrl, logger });
    const ledger = world.ledger(5_000);
    const runner = world.runner(weekly([{ type: "slack", channel: "C0HALF" }]), {
      slackApiUrl: slack.apiUrl,
      leaseMs: 5_000,
    });
    const slot = "2026-07-06T07:00:00Z";
    for (const chartShared of [false, true]) {
      const channel = chartShared ? "C0WHOLE" : "C0HALF";
      const claimed = await ledger.claim("weekly", slot, `slack-${channel}`);
      if (claimed.kind !== "claimed") throw new Error("expected a claim");
      // What the dead sender did: the digest's post (with its metadata), and maybe the chart.
      await client.chat.postMessage({
        channel,
        text: "digest",
        metadata: { event_type: "engagetrack_digest", event_payload: { schedule: "weekly", slot } },
      });
      if (chartShared) {
        const { uploadFile } = await import("../../slack/upload-file.ts");
        await uploadFile(client, {
          channel,
          bytes: Buffer.from("png"),
          filename: "weekly-2026-07-06T07-00-00Z-risk-distribution.png",
          title: "Churn risk distribution",
          altText: "alt",
        });
      }
    }
    at("2026-07-08T12:00:06Z");
    const [half] = await runner.run();
    expect(half).toMatchObject({
      status: "sent",
      reason:
        "already posted by an earlier attempt (found by its metadata); its missing chart was shared now",
    });
    expect(slack.uploads.filter((u) => u.channel === "C0HALF")).toHaveLength(1);
    expect(slack.uploads.find((u) => u.channel === "C0HALF")!.bytes).toBeGreaterThan(1000); // a real PNG
    const whole = world.runner(weekly([{ type: "slack", channel: "C0WHOLE" }]), {
      slackApiUrl: slack.apiUrl,
      leaseMs: 5_000,
    });
    const [done] = await whole.run();
    expect(done).toMatchObject({
      status: "sent",
      reason: "already posted by an earlier attempt (found by its metadata)",
    });
    expect(slack.uploads.filter((u) => u.channel === "C0WHOLE")).toHaveLength(1);
    expect(slack.posts.filter((p) => !p.threadTs)).toHaveLength(2);
  });

  it("sends a chart the blank-chart guard refused as its text table, never as an image", async () => {
    const refused: RenderedChart = {
      kind: "text",
      text: "Churn risk distribution\nBand  Customers",
      alt: "Histogram",
      reason: "blank plot area",
    };
    const renderer = {
      png: async () => refused,
      svg: () => "",
      rasterize: async () => {
        throw new Error("unused");
      },
    };
    const runner = world.runner(weekly([{ type: "outbox" }, { type: "slack", channel: "C0TEXT" }]), {
      slackApiUrl: slack.apiUrl,
      renderer,
    });
    expect((await runner.run()).map((o) => o.status)).toEqual(["sent", "sent"]);
    const folder = join(world.outboxDir, "weekly");
    expect(files(folder)).toEqual(["2026-07-06T07-00-00Z-risk-distribution.txt", "2026-07-06T07-00-00Z.md"]);
    expect(readFileSync(join(folder, "2026-07-06T07-00-00Z.md"), "utf8")).toContain(
      "```text\nChurn risk distribution\nBand  Customers\n```",
    );
    expect(slack.uploads).toEqual([]);
    expect(JSON.stringify(slack.posts[0].blocks)).toContain("Churn risk distribution\\nBand  Customers");
  });

  it("skips a destination without credentials, says why, and sends once it is configured", async () => {
    const config = weekly([{ type: "slack", channel: "C0LATER" }]);
    const [skipped] = await world.runner(config).run();
    expect(skipped).toMatchObject({
      status: "skipped",
      reason: "not configured: SLACK_BOT_TOKEN is not set",
    });
    expect(world.logs.some((l) => l.includes("digest destination skipped"))).toBe(true);
    at("2026-07-08T12:10:00Z");
    expect((await world.runner(config, { slackApiUrl: slack.apiUrl }).run())[0].status).toBe("sent");
    expect(slack.posts).toHaveLength(1);
  });

  it("sends Teams an Adaptive Card through the bot's sender", async () => {
    const sent: { conversationId: string; activity: Record<string, unknown> }[] = [];
    const teams: TeamsSender = {
      list: async () => [],
      send: async (conversationId, activity) => {
        sent.push({ conversationId, activity: activity as Record<string, unknown> });
        return { id: "activity-1" };
      },
    };
    const [o] = await world
      .runner(weekly([{ type: "teams", conversationId: "19:abc@thread.tacv2" }]), { teams })
      .run();
    expect(o).toMatchObject({ status: "sent", messageRef: "activity-1", type: "teams" });
    expect(sent).toHaveLength(1);
    const attachment = (
      sent[0].activity.attachments as { contentType: string; content: { type: string } }[]
    )[0];
    expect(attachment.contentType).toBe("application/vnd.microsoft.card.adaptive");
    expect(attachment.content.type).toBe("AdaptiveCard");
    expect(JSON.stringify(attachment.content).length).toBeLessThan(28_000);
  });

  it("refuses a slot that is not a fire time of the schedule, or lies in the future", async () => {
    const runner = world.runner(weekly([{ type: "outbox" }]));
    await expect(runner.run({ slot: new Date("2026-07-06T08:00:00Z") })).rejects.toThrow(
      "slot 2026-07-06T08:00:00.000Z is not a time of schedule weekly (0 8 * * 1, Europe/London)",
    );
    await expect(runner.run({ slot: new Date("2026-07-13T07:00:00Z") })).rejects.toBeInstanceOf(
      DigestSlotError,
    );
    await expect(runner.run({ schedule: "daily" })).rejects.toThrow('no schedule "daily"; declared: weekly');
    expect((await runner.run({ slot: new Date("2026-06-29T07:00:00Z") }))[0]).toMatchObject({
      slot: "2026-06-29T07:00:00Z",
      status: "sent",
    });
  });
});
