import type { ConversationCatalog, ConversationColumn } from "./conversation-catalog.ts";

/**
 * The note a list or segment reply carries when what it shows is simulated rather than measured:
 * the whole data set (the demo), or some of the columns shown (filled in by the simulator); null
 * when everything shown is the team's own data.
 *
 * @example
 * simulatedNote(presetCatalog("simulated"), []); // "simulated data (every customer here was made by the simulator)"
 */
export function simulatedNote(
  catalog: ConversationCatalog,
  shown: readonly ConversationColumn[],
): string | null {
  if (catalog.simulated) return "simulated data (every customer here was made by the simulator)";
  const labels = [...new Set(shown.filter((c) => c.simulated).map((c) => c.label))];
  if (labels.length === 0) return null;
  return `simulated data (${labels.join(", ")}: filled in by the simulator, not measured)`;
}
