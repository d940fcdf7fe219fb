import type { CustomerInsight } from "./customer-insight.ts";

/**
 * The customer summary as JSON: the `CustomerInsight` itself, pretty-printed, with a final newline
 * (what `engagetrack report --format json` writes and the JSON API returns).
 *
 * @example
 * JSON.parse(renderInsightJson(insight)).risk.band; // "High"
 */
export function renderInsightJson(insight: CustomerInsight): string {
  return `${JSON.stringify(insight, null, 2)}\n`;
}
