// Test helper: the accounts table (core/test/fixtures/accounts-table.ts, NOT Telco) with a real,
// recorded experiment: an `offer_arm` column (control / discount) declared in a copy of
// accounts.contract.yaml. The arms are written so the labelled counts are exactly the third scipy
// case of ../shared/fixtures/stats (control 40 churned of 120, discount 25 of 130); 100 current
// customers are in the arms too (no outcome yet), and every other account is in no arm.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  ACCOUNTS_CONTRACT,
  accountsWorkspace,
  type AccountsWorkspace,
} from "../fixtures/accounts-workspace.ts";

export const OFFER_KEY = "offer-2026";
/** The labelled arm sizes the table is written with (scipy reference case 3). */
export const OFFER_COUNTS = { nA: 120, churnedA: 40, nB: 130, churnedB: 25 };
/** Current customers given an arm (half each, alternating). */
export const OFFER_CURRENT = 100;

/** The accounts contract with the experiment declared on `offer_arm`. */
export async function offerContract(dir: string): Promise<string> {
  const text = await readFile(ACCOUNTS_CONTRACT, "utf8");
  const path = join(dir, "accounts-offer.contract.yaml");
  await writeFile(
    path,
    `${text.trimEnd()}\nexperiment:\n  column: offer_arm\n  key: ${OFFER_KEY}\n  arms: [control, discount]\n  control: control\n`,
  );
  return path;
}

/** Adds `offer_arm` to the accounts CSV: arms by outcome, in row order (see the file comment). */
export function withOfferArm(csv: string): string {
  const lines = csv.trimEnd().split("\n");
  const churnAt = lines[0].split(",").indexOf("churn");
  if (churnAt < 0) throw new Error("accounts-offer: no churn column");
  const taken = { churned: 0, retained: 0, current: 0 };
  const out = [`${lines[0]},offer_arm`];
  for (const line of lines.slice(1)) {
    const label = line.split(",")[churnAt];
    let arm = "";
    if (label === "yes") {
      const k = taken.churned++;
      arm =
        k < OFFER_COUNTS.churnedA
          ? "control"
          : k < OFFER_COUNTS.churnedA + OFFER_COUNTS.churnedB
            ? "discount"
            : "";
    } else if (label === "no") {
      const k = taken.retained++;
      const a = OFFER_COUNTS.nA - OFFER_COUNTS.churnedA;
      const b = OFFER_COUNTS.nB - OFFER_COUNTS.churnedB;
      arm = k < a ? "control" : k < a + b ? "discount" : "";
    } else {
      const k = taken.current++;
      arm = k < OFFER_CURRENT ? (k % 2 === 0 ? "control" : "discount") : "";
    }
    out.push(`${line},${arm}`);
  }
  if (taken.churned < OFFER_COUNTS.churnedA + OFFER_COUNTS.churnedB || taken.current < OFFER_CURRENT) {
    throw new Error(`accounts-offer: too few accounts (${JSON.stringify(taken)})`);
  }
  return `${out.join("\n")}\n`;
}

/** The accounts workspace (model + snapshot) of the table with `offer_arm`. */
export async function accountsOfferWorkspace(): Promise<AccountsWorkspace> {
  const contractDir = await mkdtemp(join(tmpdir(), "et-offer-contract-"));
  const workspace = await accountsWorkspace({
    contract: await offerContract(contractDir),
    table: withOfferArm,
  });
  return {
    ...workspace,
    close: async () => {
      await workspace.close();
      await rm(contractDir, { recursive: true, force: true });
    },
  };
}
