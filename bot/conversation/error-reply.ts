import type { AuditOutcome } from "../../core/src/log/index.ts";
import { emptyReply, type Reply } from "./reply.ts";

/**
 * A reply that says, in one helpful sentence, why there is no answer; the audit event gets the
 * stable `code`. Never a stack trace.
 *
 * @example
 * errorReply("ask.customer", "no-snapshot", "no snapshot yet: run `npm start` first");
 */
export function errorReply(
  action: string,
  code: string,
  message: string,
  outcome: AuditOutcome = "error",
  customerID: string | null = null,
): Reply {
  const reply = emptyReply("error", message, {
    action,
    customerID,
    outcome,
    errorCode: code,
    engine: null,
    shown: {},
  });
  reply.customerID = null;
  return reply;
}
