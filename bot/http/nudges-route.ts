import { z } from "zod";
import { NUDGE_TRIGGERS } from "../../core/src/nudges/index.ts";
import type { ApiGuard } from "./api-guard.ts";
import { CUSTOMER_ID_PATTERN } from "./customer-id.ts";
import { HttpError } from "./http-error.ts";
import { readJsonBody } from "./read-json-body.ts";
import type { Route } from "./route.ts";
import { sendJson } from "./send.ts";

const EVENTS = NUDGE_TRIGGERS.filter((t) => t !== "on-demand") as ["login", "refresh"];

const bodySchema = z.strictObject({
  customerID: z.string().regex(CUSTOMER_ID_PATTERN, "1–64 letters, digits, '.', '_' or '-'"),
  event: z.enum(EVENTS),
});

/**
 * `POST /v1/nudges` `{"customerID":"7590-VHVEG","event":"login"}` → `{ customerID, event, nudge,
 * repeated, shownAt }`: the nudge to show on an app event. Within the cooldown the same nudge comes
 * back (`repeated: true`), so a product can call this on every login and refresh.
 */
export function nudgesRoute(guard: ApiGuard): Route {
  return {
    method: "POST",
    path: "/v1/nudges",
    audit: "nudge.event",
    async handle(ctx) {
      await guard.check(ctx);
      const body = bodySchema.safeParse(await readJsonBody(ctx.req));
      if (!body.success) {
        const problems = body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}`);
        throw new HttpError(
          "bad-request",
          `invalid body: ${problems.join("; ")} (expected {"customerID": "<id>", "event": "login" | "refresh"})`,
        );
      }
      const { customerID, event } = body.data;
      ctx.audit({ customerID, shown: { event } });
      const result = await ctx.services.nudges.onEvent(customerID, event);
      const n = result.nudge;
      ctx.audit({
        engine: n.engine,
        shown: {
          nudge: n.actionId,
          channel: n.channel,
          repeated: result.repeated,
          fallback: n.fallbackReason,
        },
      });
      sendJson(ctx.res, 200, { customerID, event, ...result });
    },
  };
}
