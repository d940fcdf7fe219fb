// Compile-only checks of the public types of report, nudges and log (tsc fails if they drift).
import { describe, expectTypeOf, it } from "vitest";
import type { AuditEvent, AuditEventInput, Logger } from "../../src/log/index.ts";
import { auditEventSchema, openUsageLog, recordAudit } from "../../src/log/index.ts";
import type {
  Nudge,
  NudgeEngine,
  NudgeFacts,
  NudgeTriggers,
  TriggeredNudge,
} from "../../src/nudges/index.ts";
import { createNudgeTriggers, createRuleNudgeEngine } from "../../src/nudges/index.ts";
import type { BuildInsightOptions, CustomerInsight } from "../../src/report/index.ts";
import { buildCustomerInsight, renderInsightJson, renderInsightText } from "../../src/report/index.ts";
import type { z } from "zod";

describe("report, nudges and log API types", () => {
  it("CustomerInsight is built from options and carries the nudge", () => {
    expectTypeOf(buildCustomerInsight).parameter(0).toEqualTypeOf<BuildInsightOptions>();
    expectTypeOf(buildCustomerInsight).returns.resolves.toEqualTypeOf<CustomerInsight>();
    expectTypeOf<CustomerInsight["nudge"]>().toEqualTypeOf<Nudge>();
    expectTypeOf(renderInsightText).returns.toBeString();
    expectTypeOf(renderInsightJson).parameter(0).toEqualTypeOf<CustomerInsight>();
  });

  it("engines turn facts into nudges; triggers return nudges with their repeat flag", () => {
    expectTypeOf(createRuleNudgeEngine).returns.toEqualTypeOf<NudgeEngine>();
    expectTypeOf<NudgeEngine["decide"]>().parameter(0).toEqualTypeOf<NudgeFacts>();
    expectTypeOf(createNudgeTriggers).returns.toEqualTypeOf<NudgeTriggers>();
    expectTypeOf<NudgeTriggers["onEvent"]>().returns.resolves.toEqualTypeOf<TriggeredNudge>();
    expectTypeOf<Nudge["engine"]>().toEqualTypeOf<"rules" | "llm">();
  });

  it("audit events are the schema's type and go through a pino logger", () => {
    expectTypeOf<AuditEvent>().toEqualTypeOf<z.infer<typeof auditEventSchema>>();
    expectTypeOf(recordAudit).parameters.toEqualTypeOf<[Logger, AuditEventInput]>();
    expectTypeOf(openUsageLog).returns.resolves.toHaveProperty("logger").toEqualTypeOf<Logger>();
  });
});
