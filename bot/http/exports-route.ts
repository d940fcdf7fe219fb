import type { Snapshot } from "../../core/src/snapshot/index.ts";
import { storeCustomerActions } from "../../core/src/store/index.ts";
import { exportList } from "../conversation/index.ts";
import { HttpError } from "./http-error.ts";
import type { Route } from "./route.ts";
import { send } from "./send.ts";

const REFUSALS = {
  malformed: { code: "malformed-export-link", message: "this is not an export download link" },
  "bad-signature": { code: "bad-export-link", message: "this download link is not valid" },
  expired: {
    code: "expired-export-link",
    message: "this download link has expired: ask for the export again",
  },
} as const;

/**
 * `GET /exports/<token>.csv`: a CSV export behind a signed, expiring download link
 * (`services.exports`; Teams cards offer it), drawn again from the snapshot the reply came from
 * (the serving one, or an earlier one of the same folder while it is kept) — the same file Slack
 * uploads and the terminal writes. Not a token of ours → 400; altered → 403; expired, or its
 * snapshot no longer kept → 410. Audited like every report.
 */
export function exportsRoute(): Route {
  return {
    method: "GET",
    path: "/exports/:token.csv",
    audit: "report",
    async handle(ctx) {
      ctx.audit({ actor: "export-link", shown: { format: "csv" } });
      const check = ctx.services.exports.verify(ctx.params.token);
      if (!check.ok) {
        const { code, message } = REFUSALS[check.reason];
        throw new HttpError(code, message);
      }
      const lease = ctx.services.serving.acquire();
      try {
        let snapshot: Snapshot = lease.snapshot;
        if (snapshot.manifest.id !== check.snapshotId) {
          try {
            snapshot = await ctx.services.earlier.open(check.snapshotId);
          } catch {
            throw new HttpError(
              "expired-export-link",
              `snapshot ${check.snapshotId} of this export is no longer kept: ask for the export again`,
            );
          }
        }
        // Snoozed customers left out, as in the reply (the snoozes of now: the link may be opened later).
        const skip =
          check.list.kind === "top-at-risk"
            ? new Set(
                (
                  await storeCustomerActions(ctx.services.store.sql, ctx.services.store.replica).snoozed(
                    new Date(ctx.services.clock()),
                  )
                ).keys(),
              )
            : undefined;
        let file;
        try {
          file = exportList(check.list, snapshot, { skip });
        } catch {
          throw new HttpError(
            "expired-export-link",
            "this export no longer matches the data: ask for it again",
          );
        }
        ctx.audit({
          snapshotId: snapshot.manifest.id,
          shown: { format: "csv", rows: file.rows, list: check.list.kind },
        });
        // The name is file-safe (letters, digits, "-", "_", "."): no quoting needed.
        send(ctx.res, 200, "text/csv; charset=utf-8; header=present", file.content, {
          "content-disposition": `attachment; filename="${file.name}"`,
          "cache-control": "private, no-store",
        });
      } finally {
        lease.release();
      }
    },
  };
}
