import type { ContractFeature, DatasetContract } from "../data/dataset-contract.ts";
import { reservedColumnReason, type ColumnSpec, type SnapshotColumn } from "./snapshot-columns.ts";

/**
 * The customer columns of a snapshot of a contract's customers, in file order: the id, every
 * feature in contract order, then the label, the revenue (unless it is a feature), the owner, the
 * experiment and the simulate columns not listed yet. Values are typed as `readContractRows`
 * yields them: categories as text, integers and booleans (1/0) as int32 (an integer declared to
 * range beyond int32 as float64), numbers and dates (days since 1970) as float64.
 *
 * A column is nullable whenever a validated row can lack it: a feature unless its missing values
 * are rejected (by default a blank cell is missing, so most are), a column the simulator fills in
 * (it may leave it empty), and the label, revenue, owner and experiment columns (a file need not
 * have them; a blank label is a current customer). Nullable categories are stored as plain text
 * (see `snapshot-layout.ts`): declare `missing: { treat: reject }` to get a dictionary column.
 *
 * @example
 * snapshotColumnsFromContract(contract);
 * // [{ name: "account_id", spec: { kind: "id" } }, { name: "plan", spec: { kind: "category", values: ["basic", "pro"], nullable: true } }, …]
 */
export function snapshotColumnsFromContract(contract: DatasetContract): SnapshotColumn[] {
  const columns: SnapshotColumn[] = [];
  const listed = new Set<string>();
  const simulated = new Set(contract.simulate?.columns ?? []);
  const add = (name: string, spec: ColumnSpec): void => {
    if (listed.has(name)) return; // a column with two roles is stored once, as its first role says
    const reserved = reservedColumnReason(name);
    if (reserved)
      throw new Error(`contract ${JSON.stringify(contract.name)} cannot be snapshotted: column ${reserved}`);
    listed.add(name);
    columns.push({ name, spec });
  };
  add(contract.id.column, { kind: "id" });
  for (const f of contract.features)
    add(f.column, featureSpec(f, f.missing?.treat !== "reject" || simulated.has(f.column)));
  if (contract.label)
    add(contract.label.column, {
      kind: "category",
      values: [...new Set([...contract.label.churned, ...contract.label.retained])],
      nullable: true,
    });
  if (contract.revenue) add(contract.revenue.column, { kind: "float64", nullable: true });
  if (contract.owner) add(contract.owner.column, { kind: "text", nullable: true });
  if (contract.experiment)
    add(contract.experiment.column, { kind: "category", values: contract.experiment.arms, nullable: true });
  for (const column of simulated) add(column, { kind: "text", nullable: true });
  return columns;
}

function featureSpec(f: ContractFeature, nullable: boolean): ColumnSpec {
  switch (f.type) {
    case "category":
      return { kind: "category", values: f.values ?? [], nullable };
    case "integer":
      // A declared range beyond int32 (counts in the billions) needs float64, exact to 2^53.
      return fitsInt32(f.min) && fitsInt32(f.max)
        ? { kind: "int32", nullable }
        : { kind: "float64", nullable };
    case "boolean":
      return { kind: "int32", nullable };
    case "number":
    case "date":
      return { kind: "float64", nullable };
  }
}

const fitsInt32 = (bound: number | string | undefined): boolean =>
  typeof bound !== "number" || (bound >= -(2 ** 31) && bound <= 2 ** 31 - 1);
