import type { Snapshot } from "../../core/src/index.ts";
import { conversationCatalog } from "./conversation-catalog.ts";
import { errorReply } from "./error-reply.ts";
import { exportList } from "./export-list.ts";
import type { Intent } from "./intent.ts";
import type { ConversationServices } from "./conversation-services.ts";
import { count } from "./reply-format.ts";
import { emptyReply, type Reply } from "./reply.ts";
import { simulatedNote } from "./simulated-note.ts";

const ACTION = "ask.export";

/**
 * A list as a CSV file attached to the reply (`exportList`; snoozed customers left out, as the
 * at-risk list leaves them out): Slack uploads it into the thread,
 * the terminal writes it under the exports folder and prints the path, Teams links it (a signed,
 * expiring download drawn again from the same snapshot). The reply says what the file holds, how
 * many rows, and whether any column is simulated.
 */
export async function answerExport(
  intent: Extract<Intent, { kind: "export" }>,
  snapshot: Snapshot,
  services: Pick<ConversationServices, "customerActions" | "clock" | "log">,
): Promise<Reply> {
  // Snoozed customers are left out of a customer list, as the at-risk list leaves them out.
  let skip: ReadonlySet<string> | undefined;
  const notes: string[] = [];
  if (intent.list.kind === "top-at-risk" && services.customerActions) {
    try {
      skip = new Set((await services.customerActions.snoozed(services.clock())).keys());
    } catch (err) {
      services.log.warn(
        { err, code: "store-unavailable" },
        "export: snoozes not read; every customer exported",
      );
      notes.push("snoozed customers are included: the shared store did not answer");
    }
  }
  let file;
  try {
    file = exportList(intent.list, snapshot, { skip });
  } catch (err) {
    return errorReply(ACTION, "unknown-column", (err as Error).message, "invalid");
  }
  file.notes.push(...notes);
  const none = file.rows === 0;
  const title = none
    ? `No ${file.description} to export`
    : `CSV of ${count(file.rows)} ${intent.list.kind === "segment" ? "segments" : "rows"}: ${file.description}`;
  const reply = emptyReply("export", title, {
    action: ACTION,
    customerID: null,
    outcome: none ? "not-found" : "ok",
    errorCode: none ? "no-match" : null,
    engine: null,
    shown: { list: intent.list.kind, rows: file.rows, matched: file.matched, file: file.name },
  });
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  const simulated = simulatedNote(conversationCatalog(snapshot), file.shown);
  reply.facts = [
    { label: "Rows", value: count(file.rows) },
    { label: "Columns", value: file.columns.join(", ") },
    ...(simulated ? [{ label: "Data", value: simulated }] : []),
  ];
  reply.sections = file.notes.length ? [{ title: "Note", lines: file.notes }] : [];
  if (!none)
    reply.files = [
      {
        name: file.name,
        mime: "text/csv",
        content: file.content,
        export: { list: intent.list, snapshotId: snapshot.manifest.id },
      },
    ];
  reply.text = [
    none
      ? `${title} in snapshot ${snapshot.manifest.id}; try fewer filters.`
      : `${title}, from snapshot ${snapshot.manifest.id}.`,
    ...(none ? [] : [`File: ${file.name} (${file.columns.length} columns, CSV)`]),
    ...file.notes.map((n) => `(${n})`),
    ...(simulated ? [`Note: ${simulated}.`] : []),
  ].join("\n");
  return reply;
}
