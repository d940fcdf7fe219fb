import { auditedInsight } from "./audited-insight.ts";
import { renderAnyInsightText } from "./render-any-insight-text.ts";
import { HttpError } from "./http-error.ts";
import type { Route } from "./route.ts";
import { send } from "./send.ts";

const REFUSALS = {
  malformed: { code: "malformed-summary-link", message: "this is not a summary download link" },
  "bad-signature": { code: "bad-summary-link", message: "this download link is not valid" },
  expired: {
    code: "expired-summary-link",
    message: "this download link has expired: ask for the summary again",
  },
} as const;

/**
 * `GET /summaries/<token>.txt`: a customer's TXT summary behind a signed, expiring download link
 * (`services.summaries`; Teams cards offer it) — the same text as the bot's attachment and
 * `engagetrack report`, drawn from the serving snapshot when the link is opened, as an attachment
 * named after the customer. A token that is not ours → 400; altered → 403; expired → 410; a
 * customer no longer in the snapshot → 404. Audited like every report.
 */
export function summariesRoute(): Route {
  return {
    method: "GET",
    path: "/summaries/:token.txt",
    audit: "report",
    async handle(ctx) {
      ctx.audit({ actor: "summary-link", shown: { format: "txt" } });
      const check = ctx.services.summaries.verify(ctx.params.token);
      if (!check.ok) {
        const { code, message } = REFUSALS[check.reason];
        // Thrown, so the request handler answers it and the audit event carries the code.
        throw new HttpError(code, message);
      }
      const customerID = check.customerID;
      ctx.audit({ customerID });
      const insight = await auditedInsight(ctx, customerID);
      // The ID matches CUSTOMER_ID_PATTERN (letters, digits, '.', '_', '-'), so the name is safe as is.
      send(ctx.res, 200, "text/plain; charset=utf-8", renderAnyInsightText(insight), {
        "content-disposition": `attachment; filename="${customerID}-summary.txt"`,
        "cache-control": "private, no-store",
      });
    },
  };
}
