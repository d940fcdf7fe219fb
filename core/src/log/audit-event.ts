import { z } from "zod";

/** Version of the audit line layout; bump only with a migration note (later issues read these lines). */
export const AUDIT_SCHEMA_VERSION = 1;

/** Where a user met EngageTrack. */
export const AUDIT_SURFACES = ["cli", "slack", "teams", "terminal", "api", "notebook", "digest"] as const;
/** How an interaction ended. */
export const AUDIT_OUTCOMES = ["ok", "not-found", "invalid", "denied", "error"] as const;

const scalar = z.union([z.string().max(500), z.number(), z.boolean(), z.null()]);

/**
 * One user-facing interaction, logged once as `{"kind":"audit","audit":{…}}`. The shape is stable:
 * fields are only ever added, never renamed or retyped.
 */
export const auditEventSchema = z.strictObject({
  schemaVersion: z.literal(AUDIT_SCHEMA_VERSION),
  /** Who asked: a stable user reference (OS user, Slack user ID, Teams AAD object ID). Never an e-mail (it is redacted). */
  actor: z.string().min(1).max(200),
  surface: z.enum(AUDIT_SURFACES),
  /** What was asked, lowercase with dashes and dots: "report", "nudge", "nudge.event", "ask.why". */
  action: z.string().regex(/^[a-z][a-z0-9.-]{0,63}$/, "lowercase letters, digits, '.' and '-'"),
  /** The customer it was about, or null. */
  customerID: z.string().max(64).nullable(),
  /** What was shown, as a few scalar facts: `{ band: "High", nudge: "autopay-setup", format: "txt" }`. */
  shown: z.record(z.string().max(64), scalar),
  /** Which engine wrote the nudge shown, if one was. */
  engine: z.enum(["rules", "llm"]).nullable(),
  outcome: z.enum(AUDIT_OUTCOMES),
  /** Stable error code when the outcome is not "ok" (a CliError or ErrorCode value). */
  errorCode: z.string().max(64).nullable(),
  /** Wall time from request to answer, milliseconds. */
  latencyMs: z.number().nonnegative().finite(),
  /** The snapshot and model the answer came from, when there was one. */
  snapshotId: z.string().max(128).nullable(),
  modelHash: z.string().max(128).nullable(),
});

export type AuditEvent = z.infer<typeof auditEventSchema>;
export type AuditSurface = AuditEvent["surface"];
export type AuditOutcome = AuditEvent["outcome"];

/** An audit event as callers write it: defaults for the optional parts. */
export type AuditEventInput = Omit<
  AuditEvent,
  "schemaVersion" | "customerID" | "shown" | "engine" | "errorCode" | "snapshotId" | "modelHash"
> &
  Partial<Pick<AuditEvent, "customerID" | "shown" | "engine" | "errorCode" | "snapshotId" | "modelHash">>;
