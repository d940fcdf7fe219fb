import { displaySafe, type ScoredCustomer, type Snapshot } from "../../core/src/index.ts";
import type { CustomerRecord } from "../../core/src/snapshot/index.ts";
import { closestIds } from "./closest-ids.ts";
import { emptyReply, type Reply } from "./reply.ts";

const ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The customer a message named, or the not-found reply (with the closest IDs as a menu). */
export type ResolvedCustomer<C extends CustomerRecord = CustomerRecord> =
  { customerID: string; scored: ScoredCustomer<C> } | { reply: Reply };

/**
 * Finds the customer `asked` names in the snapshot: exactly, then in upper or lower case, then
 * the same ID in any case among the closest IDs. Otherwise a "no customer …; closest: …" reply
 * whose menu asks about each suggestion.
 *
 * @example
 * resolveCustomer(snapshot, "7590-vhveg", "ask.customer"); // { customerID: "7590-VHVEG", scored }
 */
export function resolveCustomer<C extends CustomerRecord>(
  snapshot: Snapshot<C>,
  asked: string,
  action: string,
): ResolvedCustomer<C> {
  for (const id of [asked, asked.toUpperCase(), asked.toLowerCase()]) {
    const scored = snapshot.lookup(id);
    if (scored) return { customerID: id, scored };
  }
  const closest = closestIds(snapshot.table, asked, { idColumn: snapshot.idColumn });
  if (closest[0]?.distance === 0) {
    const scored = snapshot.lookup(closest[0].customerID);
    if (scored) return { customerID: closest[0].customerID, scored };
  }
  const shown = displaySafe(asked, { singleLine: true }).slice(0, 64);
  const suggestions = closest.map((c) => c.customerID);
  const title = suggestions.length
    ? `no customer ${shown}; closest: ${suggestions.join(", ")}`
    : `no customer ${shown} in snapshot ${snapshot.manifest.id}, and no similar ID`;
  const reply = emptyReply("not-found", title, {
    action,
    customerID: ID.test(asked) ? asked : null,
    outcome: "not-found",
    errorCode: "unknown-customer",
    engine: null,
    shown: { suggestions: suggestions.length },
  });
  reply.customerID = null;
  reply.menu = suggestions.map((id) => ({ label: id, value: `tell me about ${id}` }));
  reply.text = suggestions.length
    ? `${title}.\nAsk about one of them, e.g. "tell me about ${suggestions[0]}".`
    : `${title}.\nCheck the ID, or ask "top at-risk" for a list.`;
  reply.source = { snapshotId: snapshot.manifest.id, modelHash: null };
  return { reply };
}
