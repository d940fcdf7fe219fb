import { describe, expect, it } from "vitest";
import { questionText } from "../../teams/question-text.ts";

const bot = { id: "28:bot-id", name: "EngageTrack" };
const mention = (who: { id: string; name: string }) => ({
  type: "mention",
  mentioned: who,
  text: `<at>${who.name}</at>`,
});

describe("questionText", () => {
  it("strips the bot's @mention from a channel message", () => {
    expect(
      questionText({ text: "<at>EngageTrack</at> top at-risk 5", recipient: bot, entities: [mention(bot)] }),
    ).toBe("top at-risk 5");
  });

  it("strips every mention of the bot, keeps other people's names, decodes entities Teams adds", () => {
    const pat = { id: "29:pat", name: "Pat" };
    expect(
      questionText({
        text: "<at>EngageTrack</at>&nbsp;tell <at>Pat</at> about 7590-VHVEG &amp; <at>EngageTrack</at>",
        recipient: bot,
        entities: [mention(bot), mention(pat), mention(bot)],
      }),
    ).toBe("tell Pat about 7590-VHVEG &");
  });

  it("a bare @mention leaves nothing; the activity itself is not changed", () => {
    const activity = { text: " <at>EngageTrack</at> ", recipient: bot, entities: [mention(bot)] };
    expect(questionText(activity)).toBe("");
    expect(activity.text).toBe(" <at>EngageTrack</at> ");
  });

  it("a pressed card button asks its { question }", () => {
    expect(questionText({ text: "", value: { question: "drivers 7590-VHVEG" }, recipient: bot })).toBe(
      "drivers 7590-VHVEG",
    );
    expect(questionText({ value: { question: "x".repeat(2000) } })).toHaveLength(500);
    // Other submitted data is not a question: the text is used.
    expect(questionText({ text: "help", value: { other: 1 } })).toBe("help");
  });
});
