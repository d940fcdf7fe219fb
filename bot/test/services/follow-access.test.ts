// Access by ownership for follows and alerts (issue 20): under `access: owners`, a newer snapshot
// tells a follower only about accounts they may still see — another owner's account (it changed
// owner, or the follow predates access by ownership) is withheld and audited as denied; leads are
// told about all; a Slack follower is placed by their profile e-mail (users.info on a fake Slack).
// Over the accounts table with an owner column (not Telco), a real in-memory store.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEventInput } from "../../../core/src/log/index.ts";
import type { CustomerRecord, Snapshot } from "../../../core/src/snapshot/index.ts";
import { openStore, storeFollows, type Store } from "../../../core/src/store/index.ts";
import { accountsOwnersWorkspace, OWNER_COLUMN } from "../../../core/test/fixtures/accounts-owners.ts";
import type { AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { createFollowAccess } from "../../services/follow-access.ts";
import { createFollowNotifier } from "../../services/follow-notifier.ts";
import { parseOwnerDirectory } from "../../services/owner-directory.ts";
import { createSlackIdentities } from "../../slack/slack-identity.ts";
import { createSlackWebClient } from "../../slack/slack-web-client.ts";
import { startFakeSlack, type FakeSlack } from "../fixtures/fake-slack.ts";

const OWNERS = (access: string) => `owners:
  - owner: Dana Whitfield
    email: dana@example.com
  - owner: Sam Ortiz
    email: sam@example.com
    teams: 6f0c1a2b-0000-4000-8000-000000000002
leads: [U0LEAD]
access: ${access}
`;
const DANA = "U0DANA"; // known to Slack by her profile e-mail only
const SAM = "U0SAM";

let ws: AccountsWorkspace;
const stores: Store[] = [];
let fake: FakeSlack;
let current: Snapshot<CustomerRecord>;
let previous: Snapshot<CustomerRecord>;
/** A current account of Dana's and one of Sam's. */
let danas: string;
let sams: string;
const logger = pino({ level: "silent" });

beforeAll(async () => {
  ws = await accountsOwnersWorkspace();
  fake = await startFakeSlack({ profiles: { [DANA]: "dana@example.com", [SAM]: "sam@example.com" } });
  current = ws.snapshot as unknown as Snapshot<CustomerRecord>;
  const ids = ws.snapshot.table.array("account_id") as string[];
  const status = ws.snapshot.table.array("status") as string[];
  const owner = ws.snapshot.table.array(OWNER_COLUMN) as string[];
  const currentOf = (who: string) => ids.find((_, i) => status[i] === "current" && owner[i] === who)!;
  danas = currentOf("Dana Whitfield");
  sams = currentOf("Sam Ortiz");
  // The snapshot before: the same accounts, every one far less at risk (each follow fires).
  previous = {
    ...current,
    manifest: { ...current.manifest, id: "2026-11-30T08-00-00Z-00000000" },
    lookup: (id: string) => {
      const found = current.lookup(id);
      return found && { ...found, probability: 0.01, band: "Low" as const };
    },
  } as Snapshot<CustomerRecord>;
}, 240_000);
afterAll(async () => {
  await fake?.close();
  for (const s of stores) await s.close();
  await ws?.model.release();
  await ws?.close();
});

async function notifyAll(access: string) {
  // A store of its own per run: its follows only.
  const store = await openStore({ dir: "memory", sweepMs: 0 });
  stores.push(store);
  const follows = storeFollows(store.sql);
  const now = new Date("2026-12-07T08:00:00Z");
  for (const [user, customer] of [
    [DANA, danas],
    [DANA, sams], // set before access by ownership, or before the account moved to Sam
    [SAM, sams],
    ["U0LEAD", danas],
  ])
    await follows.follow({ surface: "slack", userId: user, notifyAt: user }, customer, now);
  const slack = createSlackWebClient({ token: "xoxb-test", apiUrl: fake.apiUrl, logger });
  const owners = parseOwnerDirectory(OWNERS(access), "owners.yaml");
  const audits: AuditEventInput[] = [];
  const before = fake.callsOf("chat.postMessage").length;
  const outcome = await createFollowNotifier({
    follows,
    replica: `r-${access}`,
    clock: () => now.getTime(),
    logger,
    slack,
    audit: (e) => void audits.push(e),
    access: createFollowAccess({ owners, slack: createSlackIdentities(slack, { owners, logger }) }),
  }).notify(previous, {
    ...current,
    manifest: { ...current.manifest, id: `${current.manifest.id}-${access}` },
  });
  const dms = fake
    .callsOf("chat.postMessage")
    .slice(before)
    .map((c) => [c.body.channel, JSON.stringify(c.body.blocks).includes(danas) ? danas : sams]);
  return { outcome, audits, dms };
}

describe("follows under access by ownership", () => {
  it("access: owners — each owner is told about their own accounts only, the lead about any; the rest is withheld and audited", async () => {
    const { outcome, audits, dms } = await notifyAll("owners");
    expect(dms.sort()).toEqual(
      [
        [DANA, danas],
        [SAM, sams],
        ["U0LEAD", danas],
      ].sort(),
    );
    expect(outcome).toEqual({ sent: 3, claimedElsewhere: 0, failed: 0, withheld: 1 });
    const denied = audits.filter((a) => a.outcome === "denied");
    expect(denied).toEqual([
      expect.objectContaining({
        actor: DANA,
        customerID: sams,
        errorCode: "not-your-account",
        action: "notify.follow",
      }),
    ]);
  });

  it("access: all — every follower is told, as before", async () => {
    const { outcome, dms } = await notifyAll("all");
    expect(dms).toHaveLength(4);
    expect(outcome.withheld).toBe(0);
    expect(createFollowAccess({ owners: parseOwnerDirectory(OWNERS("all"), "o.yaml") })).toBeUndefined();
  });

  it("a Teams follower is placed by object id; an unmapped one and the terminal are decided without a lookup", async () => {
    const mayTell = createFollowAccess({ owners: parseOwnerDirectory(OWNERS("owners"), "o.yaml") })!;
    const teams = (userId: string, customerId: string) =>
      mayTell({ surface: "teams", userId, customerId }, current);
    expect(await teams("6f0c1a2b-0000-4000-8000-000000000002", sams)).toEqual({ allowed: true });
    expect(await teams("6f0c1a2b-0000-4000-8000-000000000002", danas)).toEqual({
      allowed: false,
      code: "not-your-account",
    });
    expect(await teams("someone-else", sams)).toEqual({ allowed: false, code: "owner-not-mapped" });
    expect(await mayTell({ surface: "terminal", userId: "dana", customerId: sams }, current)).toEqual({
      allowed: true,
    });
  });
});
