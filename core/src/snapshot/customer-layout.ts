import { z } from "zod";
import { datasetContractSchema, type DatasetContract } from "../data/dataset-contract.ts";
import { snapshotColumnsFromContract } from "./snapshot-columns-from-contract.ts";
import { LEGACY_CUSTOMER_COLUMNS, reservedColumnReason, type SnapshotColumn } from "./snapshot-columns.ts";

/** The contract a snapshot's customers come from: its name and the columns with a role. */
export interface SnapshotContract {
  name: string;
  label?: string;
  revenue?: string;
  owner?: string;
  experiment?: string;
}

/**
 * What a snapshot's customer columns are, as its manifest (and every part) records them: enough to
 * rebuild the file's layout with nothing else. `contract` is null for the legacy Telco layout.
 */
export interface CustomerLayout {
  contract: SnapshotContract | null;
  columns: readonly SnapshotColumn[];
  /**
   * The whole dataset contract (labels, phrases, segments, simulated columns), so every surface can
   * speak in the table's own terms from the snapshot alone; null or absent for the legacy layout
   * and for snapshots written before it was recorded.
   */
  dataset?: DatasetContract | null;
}

/** The legacy layout: the 31 Telco + enrichment fields of `Customer` (`CUSTOMER_COLUMNS`). */
export const LEGACY_CUSTOMER_LAYOUT: CustomerLayout = Object.freeze({
  contract: null,
  columns: LEGACY_CUSTOMER_COLUMNS,
});

/**
 * The customer layout of a contract's snapshots (columns from `snapshotColumnsFromContract`).
 *
 * @example
 * customerLayoutFromContract(presetContract("telco")).contract; // { name: "telco", label: "Churn", revenue: "MonthlyCharges" }
 */
export function customerLayoutFromContract(contract: DatasetContract): CustomerLayout {
  return {
    contract: {
      name: contract.name,
      ...(contract.label && { label: contract.label.column }),
      ...(contract.revenue && { revenue: contract.revenue.column }),
      ...(contract.owner && { owner: contract.owner.column }),
      ...(contract.experiment && { experiment: contract.experiment.column }),
    },
    columns: snapshotColumnsFromContract(contract),
    dataset: contract,
  };
}

/** The customer layout writer options ask for: the contract's, the one given, or the legacy one. */
export function customerLayoutOf(options: {
  contract?: DatasetContract;
  customers?: CustomerLayout;
}): CustomerLayout {
  if (options.contract && options.customers) throw new Error("give contract or customers, not both");
  if (options.contract) return customerLayoutFromContract(options.contract);
  return options.customers ?? LEGACY_CUSTOMER_LAYOUT;
}

/** The layout's id column. */
export function idColumnOf(layout: CustomerLayout): string {
  return layout.columns.find((c) => c.spec.kind === "id")!.name;
}

/** The column whose monthly revenue `revenueAtRisk` sums, or undefined (then it is 0). */
export function revenueColumnOf(layout: CustomerLayout): string | undefined {
  return layout.contract ? layout.contract.revenue : "MonthlyCharges";
}

/** Throws unless the layout can be written: one id column first, names unique and not reserved. */
export function checkCustomerLayout(layout: CustomerLayout): CustomerLayout {
  const { columns } = layout;
  if (columns[0]?.spec.kind !== "id" || columns.some((c, i) => i > 0 && c.spec.kind === "id"))
    throw new Error("invalid customer columns: exactly one id column, first");
  const seen = new Set<string>();
  for (const { name, spec } of columns) {
    const reserved = reservedColumnReason(name);
    if (name === "" || seen.has(name) || reserved)
      throw new Error(
        `invalid customer column: ${reserved ?? `${JSON.stringify(name)} is empty or repeated`}`,
      );
    seen.add(name);
    if (spec.kind === "category" && new Set(spec.values).size !== spec.values.length)
      throw new Error(`invalid customer column: ${JSON.stringify(name)} lists a category value twice`);
  }
  return layout;
}

const columnSpecSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("id") }).strict(),
  z.object({ kind: z.literal("category"), values: z.array(z.string()), nullable: z.boolean() }).strict(),
  z.object({ kind: z.literal("int32"), nullable: z.boolean() }).strict(),
  z.object({ kind: z.literal("float64"), nullable: z.boolean() }).strict(),
  z.object({ kind: z.literal("text"), nullable: z.boolean() }).strict(),
]);

/** The `contract` and `columns` keys of a manifest or a part's json. */
export const customerLayoutShape = {
  contract: z
    .object({
      name: z.string(),
      label: z.string().optional(),
      revenue: z.string().optional(),
      owner: z.string().optional(),
      experiment: z.string().optional(),
    })
    .strict()
    .nullable(),
  columns: z.array(z.object({ name: z.string(), spec: columnSpecSchema }).strict()).min(1),
  dataset: datasetContractSchema.nullable().optional(),
};

/**
 * A copy with every key in a fixed order (as written to manifests and parts), so equal layouts
 * give equal JSON text, whichever order a caller built its objects in.
 */
export function canonicalCustomerLayout(layout: CustomerLayout): CustomerLayout {
  const c = layout.contract;
  const role = (key: Exclude<keyof SnapshotContract, "name">) =>
    c?.[key] === undefined ? {} : { [key]: c[key] };
  return {
    contract: c && {
      name: c.name,
      ...role("label"),
      ...role("revenue"),
      ...role("owner"),
      ...role("experiment"),
    },
    columns: layout.columns.map(({ name, spec }) => ({
      name,
      spec:
        spec.kind === "id"
          ? { kind: "id" }
          : spec.kind === "category"
            ? { kind: "category", values: [...spec.values], nullable: spec.nullable }
            : { kind: spec.kind, nullable: spec.nullable },
    })),
    dataset: layout.dataset ?? null,
  };
}

/** The layout as JSON text with keys in a fixed order: equal layouts give equal text. */
export function customerLayoutKey(layout: CustomerLayout): string {
  return JSON.stringify(canonicalCustomerLayout(layout));
}
