// Who sees an answer in Slack, and what its "Share in channel" button asks again
// (bot/slack/reply-visibility.ts).
import { describe, expect, it } from "vitest";
import { emptyReply, type Reply, type ReplyKind } from "../../conversation/index.ts";
import { replyVisibility } from "../../slack/reply-visibility.ts";

const reply = (kind: ReplyKind, customerID: string | null = null): Reply =>
  emptyReply(kind, "t", {
    action: `ask.${kind}`,
    customerID,
    outcome: "ok",
    errorCode: null,
    engine: null,
    shown: {},
  });

const command = { kind: "command" as const, direct: false, text: "top at-risk 5" };
const mention = { kind: "mention" as const, direct: false, text: "top at-risk 5" };

describe("reply visibility", () => {
  it("a slash command's answer is ephemeral with a Share button that asks the same question", () => {
    expect(replyVisibility(reply("top-at-risk"), command, { commandReplies: "ephemeral" })).toEqual({
      ephemeral: true,
      share: "top at-risk 5",
    });
    expect(replyVisibility(reply("top-at-risk"), command, { commandReplies: "public" })).toEqual({
      ephemeral: false,
    });
  });

  it("help, errors, menus and not-found are ephemeral everywhere but a DM; errors cannot be shared", () => {
    for (const kind of ["error", "not-found", "menu"] as const) {
      expect(replyVisibility(reply(kind), mention, { commandReplies: "public" })).toEqual({
        ephemeral: true,
      });
      expect(replyVisibility(reply(kind), command, { commandReplies: "ephemeral" })).toEqual({
        ephemeral: true,
      });
    }
    expect(
      replyVisibility(reply("help"), { ...mention, text: "help" }, { commandReplies: "public" }),
    ).toEqual({
      ephemeral: true,
      share: "help",
    });
    // /engage with no text: help, only to the asker (it was posted to the channel as "asked: ").
    expect(replyVisibility(reply("help"), { ...command, text: "" }, { commandReplies: "ephemeral" })).toEqual(
      {
        ephemeral: true,
        share: "help",
      },
    );
    expect(
      replyVisibility(
        reply("error"),
        { kind: "dm", direct: true, text: "x" },
        { commandReplies: "ephemeral" },
      ),
    ).toEqual({
      ephemeral: false,
    });
  });

  it("a mention's answer is public (in its thread); a press on an ephemeral message stays ephemeral, shareable", () => {
    expect(replyVisibility(reply("insight", "C-1"), mention, { commandReplies: "ephemeral" })).toEqual({
      ephemeral: false,
    });
    expect(
      replyVisibility(
        reply("drivers", "C-1"),
        { kind: "button", direct: false, text: "drivers C-1", ephemeral: true },
        { commandReplies: "ephemeral" },
      ),
    ).toEqual({ ephemeral: true, share: "drivers C-1" });
  });

  it("sharing a write-back shares the customer's history (never records it again); follows are not shared", () => {
    expect(
      replyVisibility(
        reply("customer-action", "C-1"),
        { ...command, text: "contacted C-1" },
        { commandReplies: "ephemeral" },
      ),
    ).toEqual({ ephemeral: true, share: "history C-1" });
    expect(
      replyVisibility(
        reply("follow", "C-1"),
        { ...command, text: "follow C-1" },
        { commandReplies: "ephemeral" },
      ),
    ).toEqual({ ephemeral: true });
  });

  it("a question too long for a button value is not offered for sharing", () => {
    const long = `top at-risk 5 ${"x".repeat(2000)}`;
    expect(
      replyVisibility(reply("top-at-risk"), { ...command, text: long }, { commandReplies: "ephemeral" }),
    ).toEqual({
      ephemeral: true,
    });
  });
});
