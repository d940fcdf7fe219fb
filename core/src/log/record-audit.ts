import type { Logger } from "pino";
import {
  AUDIT_SCHEMA_VERSION,
  auditEventSchema,
  type AuditEvent,
  type AuditEventInput,
} from "./audit-event.ts";

/**
 * Validates one audit event and writes it as a single `info` line: `{"kind":"audit","audit":{…},
 * "msg":"audit report ok"}`. An invalid event is a programming error and throws (naming the field),
 * so a malformed line never reaches the log. Returns the event as written.
 *
 * @example
 * recordAudit(logger, { actor: "U123", surface: "slack", action: "report", customerID: "7590-VHVEG",
 *   outcome: "ok", latencyMs: 84, engine: "rules", shown: { band: "High" } });
 */
export function recordAudit(logger: Logger, input: AuditEventInput): AuditEvent {
  const parsed = auditEventSchema.safeParse({
    schemaVersion: AUDIT_SCHEMA_VERSION,
    customerID: null,
    shown: {},
    engine: null,
    errorCode: null,
    snapshotId: null,
    modelHash: null,
    ...input,
  });
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid audit event: ${issue.path.join(".") || "root"}: ${issue.message}`);
  }
  const event = parsed.data;
  logger.info({ kind: "audit", audit: event }, `audit ${event.action} ${event.outcome}`);
  return event;
}
