// Write-back and Share in Block Kit (bot/slack/write-back-blocks.ts through replyBlocks), over
// real replies with actions recorded at a fixed clock: goldens of the customer card's controls,
// a write-back confirmation with its Share button, and the at-risk list with last actions.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACTION_PREFIX, homeView, replyBlocks } from "../../slack/index.ts";
import { ASK_BLOCK_PREFIX, SHARE_ACTION_ID } from "../../slack/write-back-blocks.ts";
import { writeBackWorld, type WriteBackWorld } from "../fixtures/write-back-world.ts";
import { expectGoldenJson } from "./golden-json.ts";

let world: WriteBackWorld;

beforeAll(async () => {
  world = await writeBackWorld();
}, 120_000);
afterAll(async () => {
  await world?.close();
});

type Block = { type: string; block_id?: string; elements?: Array<{ action_id: string; value: string }> };

describe("write-back in Block Kit", () => {
  it("the customer card: what the team did, Mark contacted and Snooze buttons, an offer field that asks on Enter", async () => {
    const id = world.top[0];
    const card = await world.ask(`tell me about ${id}`);
    const message = replyBlocks(card);
    const blocks = message.blocks as unknown as Block[];
    const writeBack = blocks.find((b) =>
      b.elements?.some((e) => e.action_id.startsWith(`${ACTION_PREFIX}contacted`)),
    );
    expect(writeBack?.elements?.map((e) => e.value)).toEqual([`contacted ${id}`, `snooze ${id} 14 days`]);
    const offer = blocks.find((b) => b.type === "input");
    expect(offer).toMatchObject({ dispatch_action: true, block_id: `${ASK_BLOCK_PREFIX}offer ${id}` });
    // The ask buttons are where they were: one row, Why? first.
    expect(blocks.find((b) => b.type === "actions")?.elements?.[0].value).toBe(`drivers ${id}`);
    expect(JSON.stringify(blocks)).toContain('offer \\"20% off for 3 months\\" 1 hour ago by Lee Park');
    await expectGoldenJson("write-back-card", message.blocks, { [id]: "<id>" });
  });

  it("a snoozed customer's card offers Unsnooze; a confirmation shared is the customer's history", async () => {
    const id = world.top[1];
    const card = replyBlocks(await world.ask(`tell me about ${id}`));
    const values = (card.blocks as unknown as Block[]).flatMap((b) => b.elements?.map((e) => e.value) ?? []);
    expect(values).toContain(`unsnooze ${id}`);
    expect(values).not.toContain(`snooze ${id} 14 days`);

    const done = await world.ask(`contacted ${world.top[2]}`);
    const message = replyBlocks(done, { share: `history ${world.top[2]}` });
    const share = (message.blocks as unknown as Block[]).at(-2);
    expect(share?.elements).toEqual([
      expect.objectContaining({ action_id: SHARE_ACTION_ID, value: `history ${world.top[2]}` }),
    ]);
    await expectGoldenJson("write-back-contacted-share", message.blocks, { [world.top[2]]: "<id>" });
  });

  it("the at-risk list shows each customer's last action and how many snoozed were left out", async () => {
    const list = await world.ask("top at-risk 5");
    expect(list.ranked.map((r) => r.customerID)).not.toContain(world.top[1]);
    const message = replyBlocks(list, { share: "top at-risk 5" });
    const json = JSON.stringify(message.blocks);
    expect(json).toContain("Last action");
    expect(json).toContain('offer \\"20% off for 3 months\\" 1 hour ago by Lee Park');
    expect(json).toContain("1 snoozed customer left out of this list");
    await expectGoldenJson(
      "write-back-list-share",
      message.blocks,
      Object.fromEntries(world.top.map((id, i) => [id, `<id${i}>`])),
    );
  });

  it("the Home tab's top 5 shows last actions and how many snoozed customers were left out", async () => {
    const top = await world.ask("top at-risk 5");
    const view = homeView({
      snapshot: { id: world.fx.snapshot.manifest.id, createdAt: world.fx.snapshot.manifest.createdAt },
      summary: world.fx.snapshot.summary(),
      top,
    });
    const json = JSON.stringify(view.blocks);
    expect(json).toContain('_offer \\"20% off for 3 months\\" 1 hour ago by Lee Park_');
    expect(json).toContain("1 snoozed customer left out");
    expect(json).not.toContain(`${world.top[1]}*`);
    await expectGoldenJson(
      "home-write-back",
      view,
      Object.fromEntries(world.top.map((id, i) => [id, `<id${i}>`])),
    );
  });

  it("the share and write-back action_ids are routed by the app's prefix", () => {
    expect(SHARE_ACTION_ID.startsWith(ACTION_PREFIX)).toBe(true);
  });
});
