// The log area's public face: the usage log (pino JSON lines, rotated, 0600), redaction, audit events.
export { createLogger, REDACT_PATHS, type LoggerOptions } from "./create-logger.ts";
export {
  openUsageLog,
  DEFAULT_USAGE_LOG,
  DEFAULT_MAX_LOG_BYTES,
  DEFAULT_KEEP_LOGS,
  LOG_FILE_MODE,
  DEFAULT_LOG_RETRY_MS,
  MAX_LOG_BACKLOG_BYTES,
  type LogFileSettings,
  type UsageLog,
  type UsageLogOptions,
} from "./open-usage-log.ts";
export type { LogHealth } from "./reopening-stream.ts";
export { scrubSecrets, isSecretKey, REDACTED, EMAIL_REDACTED } from "./scrub-secrets.ts";
export { redactDeep } from "./redact-deep.ts";
export {
  auditEventSchema,
  AUDIT_SCHEMA_VERSION,
  AUDIT_SURFACES,
  AUDIT_OUTCOMES,
  type AuditEvent,
  type AuditEventInput,
  type AuditOutcome,
  type AuditSurface,
} from "./audit-event.ts";
export { recordAudit } from "./record-audit.ts";
export type { Logger } from "pino";
