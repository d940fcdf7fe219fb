// Access by ownership for segment follows (issue 20): under `access: owners`, a non-lead's segment
// follow covers only their own accounts (their book) — the customers named as entering the band are
// theirs, and the message says whose accounts it counts; a lead's covers every account; a follower
// the directory cannot place is not told (withheld, audited as denied). Over the accounts table
// with an owner column (not Telco), a real in-memory store, a fake Slack.
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEventInput } from "../../../core/src/log/index.ts";
import { subsetSnapshot, type CustomerRecord, type Snapshot } from "../../../core/src/snapshot/index.ts";
import { openStore, storeFollows, storeSegmentFollows, type Store } from "../../../core/src/store/index.ts";
import { accountsOwnersWorkspace, OWNER_COLUMN } from "../../../core/test/fixtures/accounts-owners.ts";
import type { AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";
import { createSegmentAccess } from "../../services/follow-access.ts";
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
leads: [U0LEAD]
access: ${access}
`;
const DANA = "U0DANA";
const SAM = "U0SAM";
const NOBODY = "U0NOBODY";

let ws: AccountsWorkspace;
const stores: Store[] = [];
let fake: FakeSlack;
let current: Snapshot<CustomerRecord>;
let previous: Snapshot<CustomerRecord>;
/** Current accounts in the followed band, by owner. */
let byOwner: Map<string, string[]>;
let band: "Low" | "Medium" | "High";
const logger = pino({ level: "silent" });

beforeAll(async () => {
  ws = await accountsOwnersWorkspace();
  fake = await startFakeSlack({ profiles: { [DANA]: "dana@example.com", [SAM]: "sam@example.com" } });
  current = ws.snapshot as unknown as Snapshot<CustomerRecord>;
  const ids = current.table.array("account_id") as string[];
  const owners = current.table.array(OWNER_COLUMN) as string[];
  // The band followed: the highest in which both Dana and Sam have current accounts.
  const inBand = (b: string) => {
    const map = new Map<string, string[]>();
    ids.forEach((id, i) => {
      const c = current.lookup(id)!;
      if (c.status !== "churned" && c.band === b) map.set(owners[i], [...(map.get(owners[i]) ?? []), id]);
    });
    return map;
  };
  band = (["High", "Medium", "Low"] as const).find((b) => {
    const map = inBand(b);
    return map.has("Dana Whitfield") && map.has("Sam Ortiz");
  })!;
  byOwner = inBand(band);
  // The snapshot before: none of these accounts yet (each one in the band has entered it).
  const empty = subsetSnapshot(
    current,
    current.table.filter(() => false),
  );
  previous = {
    ...empty,
    manifest: { ...current.manifest, id: "2026-11-30T08-00-00Z-00000000" },
  } as Snapshot<CustomerRecord>;
}, 240_000);
afterAll(async () => {
  await fake?.close();
  for (const s of stores) await s.close();
  await ws?.model.release();
  await ws?.close();
});

async function notifyAll(access: string) {
  const store = await openStore({ dir: "memory", sweepMs: 0 });
  stores.push(store);
  const segments = storeSegmentFollows(store.sql);
  const now = new Date("2026-12-07T08:00:00Z");
  for (const user of [DANA, SAM, "U0LEAD", NOBODY])
    await segments.add(
      { surface: "slack", userId: user, notifyAt: user, channel: null },
      { kind: "follow", filters: "[]", label: "every customer", band, threshold: null },
      now,
    );
  const slack = createSlackWebClient({ token: "xoxb-test", apiUrl: fake.apiUrl, logger });
  const owners = parseOwnerDirectory(OWNERS(access), "owners.yaml");
  const audits: AuditEventInput[] = [];
  const before = fake.callsOf("chat.postMessage").length;
  const outcome = await createFollowNotifier({
    follows: storeFollows(store.sql),
    segmentFollows: segments,
    replica: `r-${access}`,
    clock: () => now.getTime(),
    logger,
    slack,
    audit: (e) => void audits.push(e),
    segmentAccess: createSegmentAccess({ owners, slack: createSlackIdentities(slack, { owners, logger }) }),
  }).notify(previous, {
    ...current,
    manifest: { ...current.manifest, id: `${current.manifest.id}-${access}` },
  });
  const dms = new Map(
    fake
      .callsOf("chat.postMessage")
      .slice(before)
      .map((c) => [String(c.body.channel), String(c.body.text)]),
  );
  return { outcome, audits, dms };
}

/** The accounts a message names as entering the band. */
const named = (text: string) => [...byOwner.values()].flat().filter((id) => text.includes(id));

describe("segment follows under access by ownership", () => {
  it("access: owners — an owner's segment follow names only their accounts, the lead's any; an unmapped follower is withheld", async () => {
    const { outcome, audits, dms } = await notifyAll("owners");
    expect(outcome).toEqual({ sent: 3, claimedElsewhere: 0, failed: 0, withheld: 1 });
    const dana = dms.get(DANA)!;
    expect(dana).toContain("Over the accounts of owner Dana Whitfield");
    expect(named(dana).length).toBeGreaterThan(0);
    expect(named(dana).every((id) => byOwner.get("Dana Whitfield")!.includes(id))).toBe(true);
    expect(dana).toContain(`${byOwner.get("Dana Whitfield")!.length} customers entered ${band}`);
    expect(named(dms.get(SAM)!).every((id) => byOwner.get("Sam Ortiz")!.includes(id))).toBe(true);
    const everyone = [...byOwner.values()].flat().length;
    expect(dms.get("U0LEAD")).toContain(`${everyone} customers entered ${band}`);
    expect(dms.get("U0LEAD")).not.toContain("Over the accounts of owner");
    expect(dms.has(NOBODY)).toBe(false);
    expect(audits.filter((a) => a.outcome === "denied")).toEqual([
      expect.objectContaining({ actor: NOBODY, action: "notify.segment", errorCode: "owner-not-mapped" }),
    ]);
  });

  it("access: all — every segment follow covers every account", async () => {
    const { outcome, dms } = await notifyAll("all");
    expect(outcome).toMatchObject({ sent: 4, withheld: 0 });
    const everyone = [...byOwner.values()].flat().length;
    for (const text of dms.values()) expect(text).toContain(`${everyone} customers entered ${band}`);
  });
});
