// An accounts-table customer (the accounts contract: another schema than Telco) with hand-built
// explanations at each risk band, and contract variants (owner and experiment, simulated columns,
// no actions) for the generic nudge tests.
import type { DatasetContract } from "../../src/data/dataset-contract.ts";
import { parseDatasetContractText } from "../../src/data/read-dataset-contract.ts";
import type { ContractWhatIf } from "../../src/explain/contract-what-if.ts";
import type { RiskBand } from "../../src/snapshot/scored-batch.ts";
import {
  contractNudgeFacts,
  type ContractExplainedRisk,
  type ContractNudgeFacts,
} from "../../src/nudges/contract-nudge-facts.ts";
import { ACCOUNTS_CONTRACT, ACCOUNTS_CONTRACT_YAML } from "../fixtures/accounts-cv.ts";

export { ACCOUNTS_CONTRACT };

/** The accounts contract with an owner column and a real experiment (arms control / call-first). */
export const ACCOUNTS_WITH_OWNER_AND_EXPERIMENT = parseDatasetContractText(
  `${ACCOUNTS_CONTRACT_YAML}owner: { column: csm_email }
experiment: { column: campaign, key: winter-retention, arms: [control, call-first], control: control }
`,
  "accounts-owner-experiment.yaml",
);

/** The accounts contract whose file lacks two columns the simulator fills in. */
export const ACCOUNTS_WITH_SIMULATED = parseDatasetContractText(
  `${ACCOUNTS_CONTRACT_YAML}simulate: { columns: [number_customer_service_calls, international_plan] }
`,
  "accounts-simulated.yaml",
);

/** The accounts contract of a team that can only talk to its customers: no actions. */
export const ACCOUNTS_WITHOUT_ACTIONS = parseDatasetContractText(
  ACCOUNTS_CONTRACT_YAML.replace(/\nactions:[\s\S]*$/, "\nactions: []\n"),
  "accounts-no-actions.yaml",
);

/** One account as `readContractRows` validates it (booleans as 1/0), with its id and revenue. */
export function account(
  overrides: Record<string, string | number | null> = {},
): Record<string, string | number | null> {
  return {
    account_id: "ACC-20931",
    state: "CA",
    account_length: 120,
    area_code: "415",
    international_plan: 1,
    voice_mail_plan: 0,
    number_vmail_messages: 0,
    total_day_minutes: 265.1,
    total_day_calls: 110,
    total_eve_minutes: 197.4,
    total_night_minutes: 244.7,
    total_intl_minutes: 10,
    total_intl_calls: 3,
    number_customer_service_calls: 4,
    monthly_fee: 82.5,
    churn: null,
    ...overrides,
  };
}

export function contractWhatIf(
  column: string,
  from: string,
  to: string,
  action: string,
  before: number,
  after: number,
): ContractWhatIf {
  return { column, from, to, action, before, after, delta: after - before };
}

const BANDS: Record<RiskBand, number> = { High: 0.62, Medium: 0.34, Low: 0.08 };

/**
 * A hand-built explanation of `account()` at a band: on the international plan, 4 service calls
 * and heavy day use raise risk; moving off the international plan and a voice mail plan lower it.
 */
export function explained(
  band: RiskBand,
  options: { probability?: number; whatIf?: "both" | "none" | "tiny" } = {},
): ContractExplainedRisk {
  const p = options.probability ?? BANDS[band];
  const whatIf =
    options.whatIf === "none"
      ? []
      : options.whatIf === "tiny"
        ? [contractWhatIf("voice_mail_plan", "no", "yes", "offer a voice mail plan", p, p - 0.005)]
        : [
            contractWhatIf("international_plan", "yes", "no", "move off the international plan", p, p * 0.56),
            contractWhatIf("voice_mail_plan", "no", "yes", "offer a voice mail plan", p, p * 0.88),
          ];
  return {
    probability: p,
    band,
    drivers: [
      { source: "international_plan", label: "International plan = yes", value: 0.92 },
      { source: "number_customer_service_calls", label: "Customer service calls = 4", value: 0.61 },
      { source: "total_day_minutes", label: "Day minutes = 265.1", value: 0.35 },
      { source: "voice_mail_plan", label: "Voice mail plan = no", value: 0.18 },
      { source: "account_length", label: "Account length (days) = 120", value: -0.07 },
    ],
    whatIf,
  };
}

/** The generic facts of `account()` under `contract` at a band. */
export function accountFacts(
  band: RiskBand,
  options: Parameters<typeof explained>[1] & { contract?: DatasetContract; arm?: string } = {},
): ContractNudgeFacts {
  return contractNudgeFacts(
    options.contract ?? ACCOUNTS_CONTRACT,
    account(),
    explained(band, options),
    options.arm,
  );
}
