/**
 * Digests of the accounts table (a schema that is NOT Telco, core/test/fixtures/accounts-workspace.ts):
 * the workspace's snapshot is "now"; a week earlier is the same model scoring a perturbed copy of
 * the rows — some customers who have churned since were still customers then, every third current
 * customer made two customer-service calls fewer and paid a fifth less, every 50th customer not yet in the data — so the
 * digest has newly high-risk customers, movers, newcomers and customers churned since. A third,
 * label-free snapshot scores every row as a current customer (no outcome known). Deterministic:
 * fixed IDs and clocks, no randomness.
 */
import { join } from "node:path";
import type { ContractRow, CustomerStatus } from "../../../core/src/data/index.ts";
import { readContractRows } from "../../../core/src/data/index.ts";
import { readCsvRecords } from "../../../core/src/data/index.ts";
import type { Customer } from "../../../core/src/data/index.ts";
import { readReferenceProfile, type ReferenceProfile } from "../../../core/src/digest/index.ts";
import { scoreCustomers } from "../../../core/src/score/index.ts";
import { createSnapshotWriter, loadSnapshot, type Snapshot } from "../../../core/src/snapshot/index.ts";
import { accountsWorkspace, type AccountsWorkspace } from "../../../core/test/fixtures/accounts-workspace.ts";

export const ACCOUNTS_BEFORE_ID = "2026-11-14T09-00-00Z-accounts";
export const ACCOUNTS_LABEL_FREE_ID = "2026-11-21T10-00-00Z-accounts-label-free";

export interface AccountsDigestWorld {
  workspace: AccountsWorkspace;
  now: Snapshot<ContractRow>;
  before: Snapshot<ContractRow>;
  labelFree: Snapshot<ContractRow>;
  /** The model's training data (the history rows it learned from), as `run` profiles it beside the model. */
  reference: ReferenceProfile;
  close(): Promise<void>;
}

export async function accountsDigestWorld(): Promise<AccountsDigestWorld> {
  const workspace = await accountsWorkspace();
  const { csv, contract, model } = workspace;
  const rows: ContractRow[] = [];
  const statuses: CustomerStatus[] = [];
  for await (const e of readContractRows(readCsvRecords(csv), contract, { file: csv })) {
    if (e.kind !== "accepted") continue;
    rows.push(e.customer);
    statuses.push(e.status);
  }

  const write = async (
    dir: string,
    id: string,
    at: string,
    customers: ContractRow[],
    status: CustomerStatus[],
  ) => {
    const writer = await createSnapshotWriter({
      dir,
      id,
      model: { name: model.card.name, hash: model.hash },
      dataHash: "b".repeat(64),
      clock: () => new Date(at),
      contract,
    });
    await writer.append(
      await scoreCustomers(model, customers as unknown as Customer[], { firstRow: 0, status }),
    );
    const manifest = await writer.finish();
    return loadSnapshot<ContractRow>(join(dir, manifest.id));
  };

  // A week earlier: every 4th churned customer had not churned yet; every 3rd current customer had
  // made two customer-service calls fewer and paid a fifth less; every 50th customer was not in the data yet.
  const keep = rows.map((_, i) => i % 50 !== 7);
  let churned = 0;
  const beforeRows: ContractRow[] = [];
  const beforeStatus: CustomerStatus[] = [];
  rows.forEach((row, i) => {
    if (!keep[i]) return;
    let status = statuses[i];
    if (status === "churned" && churned++ % 4 === 0) status = "current";
    const calls = row.number_customer_service_calls as number | null;
    const fee = row.monthly_fee as number | null;
    beforeRows.push(
      status === "current" && i % 3 === 0
        ? {
            ...row,
            number_customer_service_calls: typeof calls === "number" ? Math.max(0, calls - 2) : calls,
            monthly_fee: typeof fee === "number" ? Math.round(fee * 80) / 100 : fee,
          }
        : row,
    );
    beforeStatus.push(status);
  });
  const before = await write(
    workspace.snapshotsDir,
    ACCOUNTS_BEFORE_ID,
    "2026-11-14T09:00:00Z",
    beforeRows,
    beforeStatus,
  );
  const labelFree = await write(
    join(workspace.dir, "label-free"),
    ACCOUNTS_LABEL_FREE_ID,
    "2026-11-21T10:00:00Z",
    rows,
    rows.map(() => "current"),
  );

  // The training reference the workspace wrote beside the model, as `engagetrack run` does.
  const now = workspace.snapshot;
  const reference = await readReferenceProfile(workspace.modelDir);
  if (!reference) throw new Error(`accounts digest world: no reference profile in ${workspace.modelDir}`);
  return { workspace, now, before, labelFree, reference, close: () => workspace.close() };
}
