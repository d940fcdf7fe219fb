import type { types } from "@slack/bolt";
import { MAX_ACTION_NOTE_LENGTH } from "../../core/src/store/index.ts";
import { WRITE_BACK_ACTIONS, type ReplyAction } from "../conversation/index.ts";
import { clipText, SLACK_LIMITS } from "./slack-limits.ts";

export { WRITE_BACK_ACTIONS };

type Block = types.KnownBlock;

/** reply-blocks' ACTION_PREFIX (it imports this file, so the value is repeated, and tested equal). */
const ACTION_PREFIX = "engage:";

/** action_id of the "Share in channel" button. */
export const SHARE_ACTION_ID = `${ACTION_PREFIX}share`;
/**
 * Prefix of the block_id of a text field whose entry completes a question: the offer field's
 * block_id is `engage-ask:offer <id>`, and pressing Enter asks "offer <id> <what was typed>".
 */
export const ASK_BLOCK_PREFIX = "engage-ask:";

/**
 * The write-back controls of a customer card: Mark contacted and Snooze (or Unsnooze) as buttons
 * whose value is the command they run, and Log offer as a text field (an input block that
 * dispatches on Enter: its block_id carries the command, the typed text completes it). `first` is
 * the index the buttons' action_ids continue from (action_ids are unique in a message).
 */
export function writeBackBlocks(actions: readonly ReplyAction[], first = 0): Block[] {
  const blocks: Block[] = [];
  const buttons = actions
    .filter((a) => a.id !== "offer")
    .map((a, i) => ({
      type: "button" as const,
      action_id: `${ACTION_PREFIX}${a.id}-${first + i}`,
      text: { type: "plain_text" as const, text: clipText(a.label, SLACK_LIMITS.buttonText), emoji: true },
      value: clipText(a.value, SLACK_LIMITS.buttonValue),
    }));
  if (buttons.length) blocks.push({ type: "actions", elements: buttons });
  const offer = actions.find((a) => a.id === "offer");
  if (offer)
    blocks.push({
      type: "input",
      dispatch_action: true,
      block_id: `${ASK_BLOCK_PREFIX}${offer.value}`.slice(0, 255),
      label: { type: "plain_text", text: "Log an offer", emoji: true },
      element: {
        type: "plain_text_input",
        action_id: `${ACTION_PREFIX}offer-text`,
        max_length: MAX_ACTION_NOTE_LENGTH,
        placeholder: { type: "plain_text", text: "What was offered, e.g. 20% off for 3 months" },
        dispatch_action_config: { trigger_actions_on: ["on_enter_pressed"] },
      },
      hint: { type: "plain_text", text: "Press Enter to record it with your name and the time." },
    });
  return blocks;
}

/** The "Share in channel" button of an ephemeral answer: its value is the question to ask again. */
export function shareBlock(question: string): Block {
  return {
    type: "actions",
    elements: [
      {
        type: "button",
        action_id: SHARE_ACTION_ID,
        text: { type: "plain_text", text: "Share in channel", emoji: true },
        value: question.slice(0, SLACK_LIMITS.buttonValue),
      },
    ],
  };
}
