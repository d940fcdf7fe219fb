import { renderContractInsightText, renderInsightText } from "../../core/src/report/index.ts";
import type { AnyInsight } from "./audited-insight.ts";

/**
 * The TXT summary of a customer's insight, whichever kind it is: `renderContractInsightText` for a
 * `ContractInsight`, `renderInsightText` for the demo's `CustomerInsight`.
 *
 * @example
 * send(res, 200, "text/plain; charset=utf-8", renderAnyInsightText(await auditedInsight(ctx, id)));
 */
export function renderAnyInsightText(insight: AnyInsight): string {
  return "kind" in insight && insight.kind === "contract-insight"
    ? renderContractInsightText(insight)
    : renderInsightText(insight as Exclude<AnyInsight, { kind: "contract-insight" }>);
}
