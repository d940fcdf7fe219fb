// Compile-only checks of the conversation layer's public types (tsc fails if they drift): what
// the Slack and Teams adapters build on.
import { describe, expectTypeOf, it } from "vitest";
import type { ChartSpec } from "../../../core/src/charts/index.ts";
import type { AuditSurface } from "../../../core/src/log/index.ts";
import {
  answer,
  chartSpec,
  parseIntent,
  respond,
  type Asker,
  type ChartRequest,
  type ConversationServices,
  type Intent,
  type Reply,
  type ReplyAction,
} from "../../conversation/index.ts";

describe("conversation API types", () => {
  it("adapters call respond(text, asker, services) and get a Reply", () => {
    expectTypeOf(respond).parameters.toEqualTypeOf<[string, Asker, ConversationServices]>();
    expectTypeOf(respond).returns.resolves.toEqualTypeOf<Reply>();
    expectTypeOf<Asker["surface"]>().toEqualTypeOf<AuditSurface>();
    expectTypeOf(parseIntent).returns.toEqualTypeOf<Intent>();
    expectTypeOf(answer).parameters.toEqualTypeOf<[Intent, ConversationServices, Asker?]>();
  });

  it("a reply's charts are requests the adapter turns into chart specs; buttons carry their question", () => {
    expectTypeOf<Reply["charts"]>().toEqualTypeOf<ChartRequest[]>();
    expectTypeOf(chartSpec).returns.toEqualTypeOf<ChartSpec>();
    expectTypeOf<ChartRequest["alt"]>().toBeString();
    expectTypeOf<ChartRequest["cacheKey"]>().toBeString();
    expectTypeOf<ReplyAction["value"]>().toBeString();
    expectTypeOf<Reply["files"][number]["content"]>().toBeString();
    expectTypeOf<Reply["menu"]>().toEqualTypeOf<{ label: string; value: string }[] | null>();
  });
});
