/**
 * Digests per owner (`per: "owner"` in a schedule) on a table that is not Telco, with an owner
 * column: each owner gets a digest of their own customers to act on, on the same definitions as
 * the team digest (the core summary, call-first order and segments over their book), to a Slack
 * DM, their personal Teams chat, or — with no chat configured — the outbox; an owner who cannot be
 * reached is reported once per slot; each (slot, owner) goes out once, also with two runs racing.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { riskSummary, topToAct } from "../../../core/src/snapshot/index.ts";
import {
  bookOwners,
  ownerBook,
  ownerKey,
  parseDigestConfig,
  type DeliveryOutcome,
} from "../../digest/index.ts";
import { parseOwnerDirectory } from "../../services/owner-directory.ts";
import { openStoreConversations } from "../../teams/conversation-store.ts";
import { storedConversation } from "../../teams/stored-conversation.ts";
import { createTeamsAdapter } from "../../teams/teams-adapter.ts";
import { createTeamsSender } from "../../teams/teams-sender.ts";
import { createLogger } from "../../../core/src/log/index.ts";
import { expectGoldenText } from "../conversation/golden-text.ts";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";
import { startFakeTeamsConnector, type FakeTeamsConnector } from "../fixtures/fake-teams-connector.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { GOLDEN } from "./golden-dir.ts";
import { OWNER_COLUMN, ownerDigestWorld, perOwner, type OwnerDigestWorld } from "./owner-digest-world.ts";

const SLOT = "2026-11-23T08:00:00Z";
const OWNERS_YAML = `owners:
  - owner: Dana Whitfield
    email: dana@example.com
    slack: U0DANA
    teams: 00000000-aaaa-4bbb-8ccc-00000000dana
  - owner: Sam Ortiz
    email: sam@example.com
`;

let world: OwnerDigestWorld;
let slack: FakeSlack;
let connector: FakeTeamsConnector;

beforeAll(async () => {
  world = await ownerDigestWorld();
  slack = await startFakeSlack({ usersByEmail: { "sam@example.com": "U0SAM" } });
  connector = await startFakeTeamsConnector();
}, 120_000);
afterAll(async () => {
  await world?.close();
  await slack?.close();
  await connector?.close();
});

const owned = (owner: string) => {
  const s = world.workspace.snapshot;
  const ids = s.table.array(s.idColumn) as string[];
  const owners = s.table.array(OWNER_COLUMN) as (string | null)[];
  return new Set(ids.filter((_, i) => owners[i] === owner));
};
const named = (text: string) => text.replaceAll(world.workspace.model.hash.slice(0, 12), "<model>");
const byOwner = (outcomes: DeliveryOutcome[]) =>
  Object.fromEntries(outcomes.map((o) => [o.owner ?? o.destination, [o.status, o.reason]]));

describe("an owner's book", () => {
  it("is their customers to act on, summarised by the core's one definitions; the books and the unowned add up to the team", () => {
    const s = world.workspace.snapshot;
    expect(bookOwners(s)).toEqual(["Dana Whitfield", "lee@example.com", "Sam Ortiz"]);
    const books = bookOwners(s).map((o) => ownerBook(s, o));
    const unowned = s.table.filter((d: Record<string, unknown>) => d.account_manager === null).reify();
    const sum = (f: (x: ReturnType<typeof riskSummary>) => number) =>
      books.reduce((n, b) => n + f(b.summary()), 0) + f(riskSummary(unowned, s.revenue));
    const team = s.summary();
    expect(sum((x) => x.customers)).toBe(team.customers);
    expect(sum((x) => x.churned)).toBe(team.churned);
    expect(sum((x) => x.bands.High)).toBe(team.bands.High);
    expect(sum((x) => x.revenueAtRisk!)).toBeCloseTo(team.revenueAtRisk!, 6);

    const dana = ownerBook(s, "Dana Whitfield");
    const mine = owned("Dana Whitfield");
    const top = dana.topToAct(10);
    expect(top.every((id) => mine.has(id))).toBe(true);
    // The same order as the team's list, restricted to the book.
    expect(top).toEqual(
      topToAct(s.table, { idColumn: s.idColumn, revenue: s.revenue, limit: s.size })
        .filter((id) => mine.has(id))
        .slice(0, 10),
    );
    // Churned customers are history: never in the book's list.
    const status = new Map(
      (s.table.array(s.idColumn) as string[]).map((id, i) => [id, s.table.get("status", i)]),
    );
    expect(top.some((id) => status.get(id) === "churned")).toBe(false);
  });
});

describe("per-owner schedules", () => {
  it("config: per owner takes only an outbox destination", () => {
    expect(() =>
      parseDigestConfig(perOwner("x", [{ type: "slack", channel: "C0123ABCD" }]), "digests.json"),
    ).toThrow(
      /invalid digests config digests.json: schedules.0.destinations.0: a per-owner schedule sends each owner their digest in their own chat/,
    );
    expect(parseDigestConfig(perOwner(), "digests.json").schedules[0].per).toBe("owner");
  });

  it("with no chat configured: one Markdown file per owner in the outbox, their customers only; the next run finds each settled", async () => {
    const runner = world.runner(perOwner("outbox-weekly"));
    const outcomes = await runner.run({ slot: new Date(SLOT) });
    expect(outcomes.map((o) => [o.owner, o.status, o.type])).toEqual([
      ["Dana Whitfield", "sent", "outbox"],
      ["lee@example.com", "sent", "outbox"],
      ["Sam Ortiz", "sent", "outbox"],
    ]);
    const folder = join(world.outboxDir, "outbox-weekly");
    expect(readdirSync(folder).sort()).toEqual(["dana-whitfield", "lee-example-com", "sam-ortiz"]);
    const dana = join(folder, "dana-whitfield");
    expect(readdirSync(dana).sort()).toEqual([
      "2026-11-23T08-00-00Z-risk-distribution.png",
      "2026-11-23T08-00-00Z.md",
    ]);
    const md = readFileSync(join(dana, "2026-11-23T08-00-00Z.md"), "utf8");
    expect(md).toContain("# EngageTrack churn digest — outbox-weekly, for Dana Whitfield");
    const book = ownerBook(world.workspace.snapshot, "Dana Whitfield");
    expect(md).toContain(`${book.summary().customers} customers to act on`);
    const mine = owned("Dana Whitfield");
    const others = (world.workspace.snapshot.table.array("account_id") as string[]).filter(
      (id) => !mine.has(id),
    );
    for (const id of book.topToAct(5)) expect(md).toContain(id);
    expect(others.filter((id) => md.includes(`| ${id} |`))).toEqual([]);
    await expectGoldenText("owner-markdown", named(md), GOLDEN);

    expect((await runner.run({ slot: new Date(SLOT) })).map((o) => o.status)).toEqual([
      "settled",
      "settled",
      "settled",
    ]);
  });

  it("Slack: DMs by user ID or e-mail lookup, the unreachable owner reported once; two runs racing send each owner's DM exactly once", async () => {
    const owners = parseOwnerDirectory(OWNERS_YAML, "owners.yaml");
    const config = perOwner("slack-weekly");
    const a = world.runner(config, { slackApiUrl: slack.apiUrl, owners });
    const b = world.runner(config, { slackApiUrl: slack.apiUrl, owners });
    const [ra, rb] = await Promise.all([a.run({ slot: new Date(SLOT) }), b.run({ slot: new Date(SLOT) })]);
    const all = [...ra, ...rb];
    const count = (status: string) => all.filter((o) => o.status === status).length;
    expect(count("sent")).toBe(2);
    // Each owner's own ledger key, whichever chat their digest goes to.
    expect(new Set(all.map((o) => o.destination))).toEqual(
      new Set(["Dana Whitfield", "Sam Ortiz", "lee@example.com"].map(ownerKey)),
    );
    expect(count("skipped")).toBe(1);
    expect(count("sent") + count("skipped") + count("busy") + count("settled")).toBe(6);

    const dms = slack.callsOf("chat.postMessage");
    expect(dms.map((c) => c.body.channel).sort()).toEqual(["U0DANA", "U0SAM"]);
    expect(
      slack
        .callsOf("users.lookupByEmail")
        .map((c) => c.body.email)
        .sort(),
    ).toContain("sam@example.com");
    const skipped = all.find((o) => o.status === "skipped")!;
    expect(skipped).toMatchObject({ owner: "lee@example.com", type: "slack" });
    expect(skipped.reason).toBe('owner "lee@example.com": no Slack user has the e-mail lee@example.com');
    // Logged once (the two runs raced for the claim), the e-mail redacted by the logger.
    const logged = world.logs.filter(
      (l) => l.includes("slack-weekly") && l.includes("digest destination skipped"),
    );
    expect(logged).toHaveLength(1);
    expect(logged[0]).toContain("no Slack user has the e-mail [EMAIL]");

    // The chart goes with each DM as the team digest's does: a PNG shared in that DM (the
    // conversation chat.postMessage answered with: Slack names the user's DM channel there), each
    // owner's chart drawn over their own book.
    const shared = slack.callsOf("files.completeUploadExternal");
    expect(shared.map((c) => c.body.channel_id).sort()).toEqual(dms.map((c) => c.response?.channel).sort());
    const pngs = slack.callsOf("upload").map((c) => c.bytes);
    expect(pngs).toHaveLength(2);
    for (const png of pngs) expect(png.subarray(1, 4).toString("latin1")).toBe("PNG");
    expect(pngs[0].equals(pngs[1])).toBe(false);
    expect(
      slack
        .callsOf("files.getUploadURLExternal")
        .every((c) => /risk-distribution\.png$/.test(String(c.body.filename))),
    ).toBe(true);

    const dana = dms.find((c) => c.body.channel === "U0DANA")!;
    expect(String(dana.body.text)).toMatch(/^slack-weekly churn digest for Dana Whitfield: /);
    const mine = owned("Dana Whitfield");
    const text = JSON.stringify(dana.body.blocks);
    const ids = (world.workspace.snapshot.table.array("account_id") as string[]).filter((id) =>
      text.includes(id),
    );
    expect(ids.length).toBeGreaterThan(0);
    expect(ids.every((id) => mine.has(id))).toBe(true);
    await expectGoldenJson(
      "owner-slack-blocks",
      dana.body.blocks,
      { [world.workspace.model.hash.slice(0, 12)]: "<model>" },
      GOLDEN,
    );

    // The next run: everyone settled (the unreachable owner too: reported once per slot).
    slack.reset();
    expect((await a.run({ slot: new Date(SLOT) })).map((o) => o.status)).toEqual([
      "settled",
      "settled",
      "settled",
    ]);
    expect(slack.callsOf("chat.postMessage")).toHaveLength(0);
  });

  it("Teams: the card goes to the owner's stored personal chat; an owner without one is skipped, saying why", async () => {
    const logger = createLogger({ write: () => {} } as never);
    const conversations = openStoreConversations(world.store.sql);
    await conversations.upsert(
      storedConversation(
        {
          type: "installationUpdate",
          channelId: "msteams",
          serviceUrl: connector.url,
          from: {
            id: "29:dana",
            name: "Dana Whitfield",
            aadObjectId: "00000000-aaaa-4bbb-8ccc-00000000dana",
          },
          recipient: { id: "28:bot", name: "EngageTrack" },
          conversation: { id: "a:dana-personal", conversationType: "personal", isGroup: false, name: "" },
        },
        new Date(world.now),
      ),
    );
    const teams = createTeamsSender({
      adapter: createTeamsAdapter(
        { auth: "none", appId: "", appType: "MultiTenant", storePath: "" } as never,
        logger,
      ),
      appId: "",
      store: conversations,
    });
    const owners = parseOwnerDirectory(
      `${OWNERS_YAML}  - owner: lee@example.com\n    teams: 00000000-aaaa-4bbb-8ccc-000000000lee\n`,
      "owners.yaml",
    );
    // The team's Teams digest links its chart by a signed URL; an owner's links their book's.
    const chartUrl = (owner?: string) =>
      `https://engage.example.com/charts/${owner === undefined ? "team" : encodeURIComponent(owner)}.png`;
    const outcomes = await world
      .runner(perOwner("teams-weekly"), { teams, owners, chartUrl })
      .run({ slot: new Date(SLOT) });
    expect(byOwner(outcomes)).toEqual({
      "Dana Whitfield": ["sent", null],
      "lee@example.com": [
        "skipped",
        'owner "lee@example.com": no personal Teams chat with the bot is stored for object id 00000000-aaaa-4bbb-8ccc-000000000lee (they need to add the bot in a personal chat)',
      ],
      "Sam Ortiz": [
        "skipped",
        'owner "Sam Ortiz" has no destination: a Teams object id is needed in the owners file owners.yaml (ENGAGETRACK_OWNERS_FILE)',
      ],
    });
    expect(connector.sent.map((s) => [s.conversationId, s.replyTo])).toEqual([["a:dana-personal", null]]);
    const activity = connector.sent[0].activity as {
      summary: string;
      attachments: Array<{ content: unknown }>;
    };
    expect(activity.summary).toBe("teams-weekly churn digest for Dana Whitfield");
    // "Since last time" is Dana's own: her earlier digests (outbox, Slack) reported this snapshot.
    expect(JSON.stringify(activity)).toContain("No new snapshot since the last digest here");
    const body = (activity.attachments[0].content as { body: Array<Record<string, unknown>> }).body;
    expect(body.filter((b) => b.type === "Image")).toEqual([
      {
        type: "Image",
        url: "https://engage.example.com/charts/Dana%20Whitfield.png",
        altText: expect.stringMatching(/./),
        size: "Stretch",
      },
    ]);
    expect(body.filter((b) => b.fontType === "Monospace")).toEqual([]);
    await expectGoldenJson(
      "owner-teams-card",
      activity.attachments[0].content,
      { [world.workspace.model.hash.slice(0, 12)]: "<model>" },
      GOLDEN,
    );
    expect(JSON.stringify(activity).length).toBeLessThan(28 * 1024);
  });

  it("a newer snapshot: each owner's changes (movers, newly high-risk) are among their own customers, since their own last digest", async () => {
    await world.publishLater("2026-11-30T07-00-00Z-accounts", "2026-11-30T07:00:00Z");
    world.now = Date.parse("2026-11-30T09:00:00Z");
    const outcomes = await world.runner(perOwner("outbox-weekly")).run();
    expect(outcomes.map((o) => [o.owner, o.slot, o.status])).toEqual([
      ["Dana Whitfield", "2026-11-30T08:00:00Z", "sent"],
      ["lee@example.com", "2026-11-30T08:00:00Z", "sent"],
      ["Sam Ortiz", "2026-11-30T08:00:00Z", "sent"],
    ]);
    const md = readFileSync(
      join(world.outboxDir, "outbox-weekly", "sam-ortiz", "2026-11-30T08-00-00Z.md"),
      "utf8",
    );
    expect(md).toContain("Changes are since the last digest here (2026-11-23 08:00 UTC");
    const movers = md.slice(md.indexOf("## Biggest movers"), md.indexOf("## Top drivers"));
    const ids = [...movers.matchAll(/\| (AC\d+) \|/g)].map((m) => m[1]);
    expect(ids.length).toBeGreaterThan(0);
    const mine = owned("Sam Ortiz");
    expect(ids.filter((id) => !mine.has(id))).toEqual([]);
  });

  it("a data set without an owner column: the per-owner schedule says so once per slot", async () => {
    const plain = await ownerDigestWorld({ rows: 200, ownerColumn: false });
    try {
      const runner = plain.runner(perOwner("plain-weekly"));
      const [first] = await runner.run({ slot: new Date(SLOT) });
      expect(first).toMatchObject({
        destination: "owners",
        status: "skipped",
        reason:
          "schedule plain-weekly is per owner, but data set accounts declares no owner column (contract: owner)",
      });
      expect((await runner.run({ slot: new Date(SLOT) })).map((o) => o.status)).toEqual(["settled"]);
      expect(plain.logs.filter((l) => l.includes("declares no owner column"))).toHaveLength(1);
    } finally {
      await plain.close();
    }
  });
});
