import type { ConversationCatalog } from "./conversation-catalog.ts";
import type { CustomerFilter, RiskBandName } from "./intent.ts";
import { parseFilters } from "./parse-filters.ts";
import { mergeFilters, phraseFilters, type Ambiguity } from "./phrase-filters.ts";

/** A segment as a follow or alert names it: its filters, and the band named with it (if any). */
export type SegmentRead =
  { filters: CustomerFilter[]; band: RiskBandName | null } | { problem: string } | { ambiguous: Ambiguity };

const BANDS: Record<string, RiskBandName> = { high: "High", medium: "Medium", low: "Low" };

// Words around a segment that add nothing: "the month-to-month customers", "the mean risk of …".
const SEGMENT_FILLER = new Set(
  "a an the of in on with for who whose which that is are segment segments band risk risky churn probability mean average avg customers customer clients client accounts account users people all any every their its our my me and at-risk at high-risk turn turns become becomes go goes get gets enter enters entering into move moves moving".split(
    " ",
  ),
);

/**
 * The segment a follow or alert names, read with the filters every list uses: `column=value`
 * filters (`parseFilters`) and filters in words (`phraseFilters`: "month-to-month customers", "in
 * Texas"), never a second filter language. A band named as a word ("High", "high risk",
 * "band=High") comes back as `band` when `bandAs` is "band" (a follow watches who enters it), or
 * as a filter on the band column (an alert's segment). Undefined when the words name no segment
 * (the caller reads them as a customer ID); a problem when they look like one but a word is not
 * understood.
 *
 * @example
 * readSegment("contract=Month-to-month High", demoCatalog, "band");
 * // { filters: [{ column: "Contract", op: "in", values: ["Month-to-month"] }], band: "High" }
 */
export function readSegment(
  text: string,
  catalog: ConversationCatalog,
  bandAs: "band" | "filter",
): SegmentRead | undefined {
  const parsed = parseFilters(text, catalog);
  if ("problem" in parsed) return /[=<>:]/.test(text) ? parsed : undefined;
  if ("ambiguous" in parsed) return parsed;
  const phrased = phraseFilters(
    parsed.rest.map((w) => w.replace(/^[([]+|[)\].,!?]+$/g, "")).filter((w) => w !== ""),
    catalog,
    { highRisk: "band" },
  );
  if ("ambiguous" in phrased) return phrased;
  let bands: RiskBandName[] = [];
  const rest: string[] = [];
  for (const word of phrased.rest) {
    const band = BANDS[word.toLowerCase().replace(/-risk$/, "")];
    if (band) bands.push(band);
    else rest.push(word);
  }
  let filters = mergeFilters([...parsed.filters, ...phrased.filters]);
  // "band=High", "high risk": one band named as a filter is the band watched.
  const bandFilters = filters.filter((f) => f.column === "band");
  if (
    bandAs === "band" &&
    bandFilters.length === 1 &&
    "values" in bandFilters[0] &&
    bandFilters[0].op === "in" &&
    bandFilters[0].values.length === 1
  ) {
    const band = BANDS[String(bandFilters[0].values[0]).toLowerCase()];
    if (band) {
      bands.push(band);
      filters = filters.filter((f) => f.column !== "band");
    }
  }
  bands = [...new Set(bands)];
  const unknown = rest.filter((w) => !SEGMENT_FILLER.has(w.toLowerCase()));
  const named = filters.length > 0 || bands.length > 0;
  if (!named) return undefined;
  if (unknown.length)
    return { problem: `did not understand ${JSON.stringify(unknown.join(" ").slice(0, 64))} in the segment` };
  if (bands.length > 1) return { problem: `one band at a time (named ${bands.join(" and ")})` };
  if (bandAs === "filter" && bands.length === 1) {
    const onBand = catalog.columns.some((c) => c.column === "band");
    if (!onBand) return { problem: "this data set has no risk band column to filter on" };
    filters = mergeFilters([...filters, { column: "band", op: "in", values: [bands[0]] }]);
    return { filters, band: null };
  }
  return { filters, band: bands[0] ?? null };
}
