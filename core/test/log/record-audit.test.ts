import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/log/create-logger.ts";
import { recordAudit } from "../../src/log/record-audit.ts";
import { auditEventSchema } from "../../src/log/audit-event.ts";

function memoryLogger() {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      lines.push(...String(chunk).trimEnd().split("\n"));
      cb();
    },
  });
  return { logger: createLogger(stream, { clock: () => new Date("2026-11-21T10:00:00Z") }), lines };
}

describe("recordAudit", () => {
  it("writes one line with the stable schema and defaults", () => {
    const { logger, lines } = memoryLogger();
    const event = recordAudit(logger, {
      actor: "alice",
      surface: "cli",
      action: "nudge.event",
      outcome: "not-found",
      latencyMs: 3,
      errorCode: "unknown-customer",
    });
    expect(lines).toHaveLength(1);
    const line = JSON.parse(lines[0]);
    expect(line).toEqual({
      level: "info",
      time: "2026-11-21T10:00:00.000Z",
      kind: "audit",
      audit: {
        schemaVersion: 1,
        actor: "alice",
        surface: "cli",
        action: "nudge.event",
        customerID: null,
        shown: {},
        engine: null,
        outcome: "not-found",
        errorCode: "unknown-customer",
        latencyMs: 3,
        snapshotId: null,
        modelHash: null,
      },
      msg: "audit nudge.event not-found",
    });
    expect(auditEventSchema.parse(line.audit)).toEqual(event);
  });

  it("refuses a malformed event, naming the field, and writes nothing", () => {
    const { logger, lines } = memoryLogger();
    expect(() =>
      recordAudit(logger, {
        actor: "a",
        surface: "fax" as "cli",
        action: "report",
        outcome: "ok",
        latencyMs: 1,
      }),
    ).toThrow(/invalid audit event: surface/);
    expect(() =>
      recordAudit(logger, { actor: "a", surface: "cli", action: "Report!", outcome: "ok", latencyMs: 1 }),
    ).toThrow(/invalid audit event: action/);
    expect(() =>
      recordAudit(logger, { actor: "a", surface: "cli", action: "report", outcome: "ok", latencyMs: -1 }),
    ).toThrow(/invalid audit event: latencyMs/);
    expect(lines).toHaveLength(0);
  });
});
