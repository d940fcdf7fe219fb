// "My accounts" and access that follows ownership (issue 20), over the accounts table with an owner
// column (core/test/fixtures/accounts-owners.ts, not Telco): "my …" lists and counts hold only the
// asker's accounts (checked against plain loops over the snapshot's columns; churned accounts are
// history, never listed), with the numbers core defines; an asker the owner directory cannot place
// is told how to be mapped; with `access: owners` lists are the asker's book, another owner's
// account is refused without showing it (audited as denied), leads see all. Goldens pin the text,
// Block Kit and Adaptive Cards.
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_EXPERIMENT_CONFIG } from "../../../core/src/experiments/index.ts";
import { createLogger, createRuleNudgeEngine, type Snapshot } from "../../../core/src/index.ts";
import { openStore, storeFollows, type Store } from "../../../core/src/store/index.ts";
import { accountsOwnersWorkspace, OWNER_COLUMN } from "../../../core/test/fixtures/accounts-owners.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import {
  exportList,
  respond,
  type Asker,
  type ConversationServices,
  type Reply,
} from "../../conversation/index.ts";
import { createExportLinks } from "../../services/export-links.ts";
import { parseOwnerDirectory, type OwnerDirectory } from "../../services/owner-directory.ts";
import { replyBlocks } from "../../slack/reply-blocks.ts";
import { replyCard } from "../../teams/reply-card.ts";
import { terminalText } from "../../terminal/terminal-text.ts";
import { ASKED_AT } from "../fixtures/conversation-fixture.ts";
import { expectGoldenJson } from "../slack/golden-json.ts";
import { expectGoldenText, GOLDEN_DIR } from "./golden-text.ts";

const OWNERS_YAML = `owners:
  - owner: Dana Whitfield
    email: dana@example.com
    slack: U0123ABCD
    teams: 6f0c1a2b-0000-4000-8000-000000000001
  - owner: Sam Ortiz
    email: sam@example.com
leads: [lead@example.com]
access: owners
`;

let ws: AccountsWorkspace;
let store: Store;
let lines: Array<{ audit?: Record<string, unknown> }> = [];
let col: Record<string, unknown[]>;
const base = (): ConversationServices => ({
  snapshot: () => ws.snapshot as unknown as Snapshot,
  model: () => ws.model,
  nudges: createRuleNudgeEngine(),
  experiments: DEFAULT_EXPERIMENT_CONFIG,
  clock: () => ASKED_AT,
  log: createLogger(
    new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(String(chunk)));
        done();
      },
    }),
  ),
});
let open: ConversationServices;
let guarded: ConversationServices;

beforeAll(async () => {
  ws = await accountsOwnersWorkspace();
  store = await openStore({ dir: "memory", sweepMs: 0 });
  open = base();
  const directory: OwnerDirectory = parseOwnerDirectory(OWNERS_YAML, "owners.yaml");
  guarded = { ...base(), owners: directory, follows: storeFollows(store.sql) };
  col = Object.fromEntries(
    ["account_id", "probability", "monthly_fee", "status", "band", OWNER_COLUMN].map((name) => [
      name,
      ws.snapshot.table.array(name) as unknown[],
    ]),
  );
}, 60_000);
afterAll(async () => {
  await store?.close();
  await ws?.model.release();
  await ws?.close();
});

const terminal = (owner?: string): Asker => ({
  id: "dana",
  surface: "terminal",
  ...(owner !== undefined && { identify: async () => ({ owner }) }),
});
const slack = (id: string, email?: string): Asker => ({
  id,
  surface: "slack",
  notifyAt: id,
  identify: async () => ({ slackUserId: id, ...(email && { email }) }),
});
const fact = (r: Reply, label: string) => r.facts.find((f) => f.label === label)?.value;
const rows = (keep: (i: number) => boolean) => [...Array(ws.snapshot.size).keys()].filter(keep);
const owned = (owner: string) => (i: number) => col[OWNER_COLUMN][i] === owner;
const current = (i: number) => col.status[i] !== "churned";
const links = { chart: () => undefined, summary: (id: string) => `https://bot.example/summary/${id}` };
const audits = () => lines.filter((l) => l.audit).map((l) => l.audit!);

describe("my accounts", () => {
  it('"my accounts" lists only the asker\'s accounts to act on, riskiest first, and says how many are theirs', async () => {
    const reply = await respond("my accounts", terminal("Dana Whitfield"), open);
    const mine = rows((i) => owned("Dana Whitfield")(i) && current(i));
    expect(reply.kind).toBe("top-at-risk");
    expect(reply.ranked).toHaveLength(10);
    const ownerOf = new Map(rows(() => true).map((i) => [col.account_id[i], col[OWNER_COLUMN][i]]));
    const statusOf = new Map(rows(() => true).map((i) => [col.account_id[i], col.status[i]]));
    for (const r of reply.ranked) {
      expect(ownerOf.get(r.customerID)).toBe("Dana Whitfield");
      expect(statusOf.get(r.customerID)).not.toBe("churned");
    }
    // Riskiest by revenue at risk among her accounts: the first is the largest.
    const best = mine.reduce((a, i) =>
      (col.monthly_fee[i] as number) * (col.probability[i] as number) >
      (col.monthly_fee[a] as number) * (col.probability[a] as number)
        ? i
        : a,
    );
    expect(reply.ranked[0].customerID).toBe(col.account_id[best]);
    expect(fact(reply, "Your accounts")).toBe(`${mine.length} (owner Dana Whitfield)`);
    expect(fact(reply, "Matching customers")).toBe(String(mine.length));
    expect(reply.title).toMatch(new RegExp(`— your ${mine.length} accounts$`));
    expect(reply.audit.shown.scope).toBe("mine");
    await expectGoldenText("mine-accounts-terminal", terminalText(reply, { charts: [], files: [] }));
    await expectGoldenJson("mine-accounts-blocks", replyBlocks(reply), {}, GOLDEN_DIR);
    await expectGoldenJson("mine-accounts-card", replyCard(reply, links), {}, GOLDEN_DIR);
  });

  it('"my top at-risk 3" and a Slack user mapped by ID', async () => {
    const reply = await respond("my top at-risk 3", slack("U0123ABCD"), {
      ...open,
      owners: parseOwnerDirectory(OWNERS_YAML.replace("access: owners", "access: all"), "owners.yaml"),
    });
    expect(reply.ranked.map((r) => r.customerID)).toEqual(
      (await respond("my accounts", terminal("Dana Whitfield"), open)).ranked
        .slice(0, 3)
        .map((r) => r.customerID),
    );
    await expectGoldenJson("mine-top-at-risk-blocks", replyBlocks(reply), {}, GOLDEN_DIR);
    await expectGoldenJson("mine-top-at-risk-card", replyCard(reply, links), {}, GOLDEN_DIR);
  });

  it("counts and revenue at risk of my accounts are core's numbers over my accounts only", async () => {
    const asker = terminal("sam ortiz");
    const high = await respond("how many of my accounts are high risk?", asker, open);
    const sams = rows((i) => owned("Sam Ortiz")(i) && current(i));
    expect(high.kind).toBe("count");
    expect(fact(high, "Customers to act on")).toBe(String(sams.filter((i) => col.band[i] === "High").length));
    const revenue = await respond("my revenue at risk", asker, open);
    const total = sams.reduce(
      (s, i) => s + (col.monthly_fee[i] as number) * (col.probability[i] as number),
      0,
    );
    expect(fact(revenue, "Monthly revenue at risk")).toBe(
      `€${total.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`,
    );
    expect(fact(revenue, "Your accounts")).toBe(`${sams.length} (owner Sam Ortiz)`);
    const call = await respond("which of my customers should I call today", asker, open);
    expect(call.ranked.every((r) => sams.some((i) => col.account_id[i] === r.customerID))).toBe(true);
  });

  it("export my accounts: the CSV holds only mine, and its download link draws the same book again", async () => {
    const reply = await respond("export my accounts to csv", terminal("Dana Whitfield"), open);
    const [file] = reply.files;
    const danas = new Set(rows(owned("Dana Whitfield")).map((i) => col.account_id[i]));
    const lines = file.content.trim().split("\r\n").slice(1);
    expect(lines.length).toBe(rows((i) => owned("Dana Whitfield")(i) && current(i)).length);
    for (const line of lines) expect(danas.has(line.split(",")[0])).toBe(true);
    expect(file.export!.list).toMatchObject({ kind: "top-at-risk", owner: "Dana Whitfield" });
    // The link's token carries the owner; opened later, the file is drawn from the whole snapshot again.
    const links = createExportLinks({
      secret: Buffer.alloc(32, 7),
      ttlSeconds: 3600,
      baseUrl: () => "http://127.0.0.1",
      clock: () => ASKED_AT.getTime(),
    });
    const token = links.path(file.export!.list, file.export!.snapshotId).replace(/^\/exports\/|\.csv$/g, "");
    const check = links.verify(token);
    expect(check.ok && check.list).toEqual(file.export!.list);
    expect(exportList(file.export!.list, ws.snapshot as unknown as Snapshot).content).toBe(file.content);
  });

  it('"what changed in my accounts" compares my book with its earlier self', async () => {
    const reply = await respond("what changed in my accounts since last week", terminal("Dana Whitfield"), {
      ...open,
      earlier: {
        list: async () => [
          {
            ...ws.snapshot.manifest,
            id: "2026-11-01T09-00-00Z-earlier",
            createdAt: "2026-11-01T09:00:00.000Z",
          },
        ],
        open: async () => ws.snapshot as unknown as Snapshot,
      },
    });
    const danas = rows((i) => owned("Dana Whitfield")(i) && current(i)).length;
    expect(reply.kind).toBe("changes");
    expect(reply.text).toMatch(new RegExp(`^Over your ${danas} accounts \\(owner Dana Whitfield\\):`));
  });

  it("without an owners file, a profile e-mail that is an owner value is that owner", async () => {
    const reply = await respond("my accounts", slack("U0LEE", "LEE@example.com"), open);
    const lees = rows((i) => owned("lee@example.com")(i) && current(i));
    expect(fact(reply, "Your accounts")).toBe(`${lees.length} (owner lee@example.com)`);
  });

  it("an asker nobody mapped is told how to be mapped, in one sentence naming the setting", async () => {
    const reply = await respond("my accounts", slack("U0NOBODY", "someone@example.com"), open);
    expect(reply.kind).toBe("error");
    expect(reply.text).toBe(
      "I don't know which accounts are yours: ask an admin to add your Slack user ID (U0NOBODY) or profile e-mail to the owners file (ENGAGETRACK_OWNERS_FILE).",
    );
    expect(reply.ranked).toEqual([]);
    const term = await respond("my accounts", terminal(), open);
    expect(term.text).toMatch(/chat --as <owner or e-mail> \(or set ENGAGETRACK_CHAT_USER\)/);
    await expectGoldenJson("mine-not-mapped-blocks", replyBlocks(reply), {}, GOLDEN_DIR);
    await expectGoldenJson("mine-not-mapped-card", replyCard(reply, links), {}, GOLDEN_DIR);
  });

  it('help lists the "my" questions when the data has an owner column', async () => {
    const help = await respond("help", terminal(), open);
    expect(help.text).toContain(
      "my accounts · my top at-risk 5 · which of my customers should I call today · how many of my accounts are high risk · my revenue at risk — your own accounts (owner column account_manager)",
    );
  });

  it("a profile lookup that fails asks the asker to try again (not to get mapped)", async () => {
    const reply = await respond(
      "my accounts",
      {
        id: "U0DANA",
        surface: "slack",
        identify: async () => {
          throw new Error("connect ECONNREFUSED");
        },
      },
      open,
    );
    expect(reply.text).toBe(
      "I could not look up your profile just now to find your accounts; please try again in a minute.",
    );
    expect(reply.audit).toMatchObject({ outcome: "error", errorCode: "identity-unavailable" });
  });

  it("a data set without an owner column says so in one sentence", async () => {
    const plain = await accountsWorkspace({ rows: 300 });
    try {
      const reply = await respond("my accounts", terminal("Dana Whitfield"), {
        ...open,
        snapshot: () => plain.snapshot as unknown as Snapshot,
        model: () => plain.model,
      });
      // Access by owner over "what changed": the earlier snapshot is cut to the book too, and one
      // without the owner column is never shown whole.
      const earlier = (open: () => Snapshot) => ({
        ...guarded,
        earlier: {
          list: async () => [
            {
              ...ws.snapshot.manifest,
              id: "2026-11-01T09-00-00Z-earlier",
              createdAt: "2026-11-01T09:00:00.000Z",
            },
          ],
          open: async () => open(),
        },
      });
      const danas = rows((i) => owned("Dana Whitfield")(i) && current(i)).length;
      const same = await respond(
        "what changed since last week",
        slack("U0123ABCD"),
        earlier(() => ws.snapshot as unknown as Snapshot),
      );
      expect(same.kind).toBe("changes");
      expect(same.text).toMatch(new RegExp(`^Over your ${danas} accounts \\(owner Dana Whitfield\\):`));
      const whole = await respond(
        "what changed since last week",
        slack("U0123ABCD"),
        earlier(() => plain.snapshot as unknown as Snapshot),
      );
      expect(whole.kind).toBe("error");
      expect(whole.text).not.toMatch(/AC\d{6}/);
      // Nor does its help offer "my accounts".
      const help = await respond("help", terminal(), {
        ...open,
        snapshot: () => plain.snapshot as unknown as Snapshot,
      });
      expect(help.text).not.toContain("my accounts");
      expect(reply.text).toBe(
        'This data set (accounts) has no owner column, so there are no "my accounts" to show: add `owner: { column: <column> }` to its dataset contract.',
      );
    } finally {
      await plain.model.release();
      await plain.close();
    }
  }, 60_000);
});

describe("access that follows ownership (access: owners)", () => {
  const dana = slack("U0123ABCD");
  const sam = slack("U0SAM", "Sam@Example.com");
  const samsAccount = () => col.account_id[rows(owned("Sam Ortiz"))[0]] as string;

  it("lists and counts are the asker's book, and say so", async () => {
    const danas = rows((i) => owned("Dana Whitfield")(i) && current(i));
    const list = await respond("top at-risk 50", dana, guarded);
    expect(list.ranked.length).toBe(Math.min(50, danas.length));
    expect(list.ranked.every((r) => danas.some((i) => col.account_id[i] === r.customerID))).toBe(true);
    expect(list.text).toMatch(new RegExp(`^Over your ${danas.length} accounts \\(owner Dana Whitfield\\):`));
    const counted = await respond("how many customers", sam, guarded);
    expect(fact(counted, "Customers to act on")).toBe(
      String(rows((i) => owned("Sam Ortiz")(i) && current(i)).length),
    );
    const segments = await respond("segment state", dana, guarded);
    const shown = segments.table!.rows.reduce((s, r) => s + Number(r[1].replace(/,/g, "")), 0);
    expect(shown).toBe(danas.length);
  });

  it("another owner's account is refused without showing it, and the refusal is audited", async () => {
    lines = [];
    const id = samsAccount();
    for (const q of [
      `tell me about ${id}`,
      `nudge ${id}`,
      `follow ${id}`,
      `alert me when ${id} goes above 90%`,
    ]) {
      const reply = await respond(q, dana, guarded);
      expect(reply.kind).toBe("error");
      expect(reply.text).toBe(
        `${id} is not one of your accounts, so I can't show it or act on it here; ask its owner or a lead.`,
      );
      expect(reply.facts).toEqual([]);
      expect(reply.text).not.toMatch(/%/);
    }
    expect(audits().map((a) => [a.actor, a.outcome, a.errorCode])).toEqual(
      Array(4).fill(["U0123ABCD", "denied", "not-your-account"]),
    );
    expect(await guarded.follows!.all()).toEqual({ follows: [], alerts: [] });
    // Their own account is answered as usual.
    const own = await respond(`tell me about ${id}`, sam, guarded);
    expect(own.kind).toBe("insight");
    const refusal = await respond(`tell me about ${id}`, dana, guarded);
    await expectGoldenJson(
      "mine-not-your-account-blocks",
      replyBlocks(refusal),
      { [id]: "<id>" },
      GOLDEN_DIR,
    );
    await expectGoldenJson(
      "mine-not-your-account-card",
      replyCard(refusal, links),
      { [id]: "<id>" },
      GOLDEN_DIR,
    );
  });

  it("help's example customer is one of the asker's own, and none for someone unmapped", async () => {
    const danas = new Set(rows(owned("Dana Whitfield")).map((i) => col.account_id[i]));
    const help = await respond("help", dana, guarded);
    const ids = [...help.text.matchAll(/AC\d{6}/g)].map((m) => m[0]);
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) expect(danas.has(id)).toBe(true);
    const stranger = await respond("help", slack("U0WHO", "who@example.com"), guarded);
    expect(stranger.kind).toBe("help");
    expect(stranger.text).not.toMatch(/AC\d{6}/);
  });

  it("leads see every account; anyone unmapped is refused with how to be mapped", async () => {
    const lead = slack("U0LEAD", "Lead@Example.com");
    const all = await respond("how many customers", lead, guarded);
    expect(fact(all, "Customers to act on")).toBe(rows(current).length.toLocaleString("en-US"));
    expect((await respond(`tell me about ${samsAccount()}`, lead, guarded)).kind).toBe("insight");
    lines = [];
    const stranger = await respond("top at-risk 5", slack("U0WHO", "who@example.com"), guarded);
    expect(stranger.ranked).toEqual([]);
    expect(stranger.text).toBe(
      "I don't know which accounts are yours: ask an admin to add your Slack user ID (U0WHO) or profile e-mail to the owners file (ENGAGETRACK_OWNERS_FILE, owners.yaml).",
    );
    expect(audits()[0]).toMatchObject({ outcome: "denied", errorCode: "owner-not-mapped" });
  });
});
