import type { RenderedChart } from "../../core/src/charts/server.ts";
import type { RouteContext } from "./route.ts";
import { send, sendText } from "./send.ts";

/**
 * Answers a chart link with its PNG, cacheable privately until the link expires (at most
 * `maxAgeSeconds`), or — when the blank-chart guard refused the image — 422 with the chart's
 * text table, the refusal recorded in the audit event.
 */
export function sendChart(
  ctx: RouteContext,
  rendered: RenderedChart,
  cache: { expiresAt: number; maxAgeSeconds: number },
): void {
  if (rendered.kind === "text") {
    ctx.audit({ shown: { refused: rendered.reason } });
    sendText(ctx.res, 422, `chart image unavailable (${rendered.reason}); its data:\n\n${rendered.text}`);
    return;
  }
  const left = Math.floor(cache.expiresAt - ctx.services.clock() / 1000);
  const maxAge = Math.max(0, Math.min(cache.maxAgeSeconds, left));
  send(ctx.res, 200, "image/png", rendered.png, { "cache-control": `private, max-age=${maxAge}` });
}
