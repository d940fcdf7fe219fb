// Compile-only checks of the generic (contract) nudge API (tsc fails if they drift).
import { describe, expectTypeOf, it } from "vitest";
import type { DatasetContract } from "../../src/data/dataset-contract.ts";
import type { ContractRow } from "../../src/data/read-contract-rows.ts";
import type { Customer } from "../../src/data/schema.ts";
import type { Explanation } from "../../src/score/explain-customer.ts";
import type {
  ContractExplainedRisk,
  ContractNudge,
  ContractNudgeContext,
  ContractNudgeEngine,
  ContractNudgeFacts,
  ExperimentArm,
  ExplainedRisk,
  Nudge,
} from "../../src/nudges/index.ts";
import {
  chooseContractRuleNudge,
  contractNudgeFacts,
  createContractRuleNudgeEngine,
  createLlmContractNudgeEngine,
} from "../../src/nudges/index.ts";

describe("generic nudge API types", () => {
  it("facts come from a contract, a customer and an explanation (or the simulator's ExplainedRisk)", () => {
    expectTypeOf(contractNudgeFacts).parameter(0).toEqualTypeOf<DatasetContract>();
    expectTypeOf<ContractRow>().toMatchTypeOf<Parameters<typeof contractNudgeFacts>[1]>();
    expectTypeOf<Customer>().toMatchTypeOf<Parameters<typeof contractNudgeFacts>[1]>();
    expectTypeOf<Explanation>().toMatchTypeOf<ContractExplainedRisk>();
    expectTypeOf<ExplainedRisk>().toMatchTypeOf<ContractExplainedRisk>();
    expectTypeOf(contractNudgeFacts).returns.toEqualTypeOf<ContractNudgeFacts>();
    expectTypeOf<ContractNudgeFacts["experiment"]>().toEqualTypeOf<ExperimentArm | null>();
  });

  it("engines turn generic facts into generic nudges, which claim an arm only when there is one", () => {
    expectTypeOf(createContractRuleNudgeEngine).returns.toEqualTypeOf<ContractNudgeEngine>();
    expectTypeOf(createLlmContractNudgeEngine).returns.toEqualTypeOf<ContractNudgeEngine>();
    expectTypeOf<ContractNudgeEngine["decide"]>().parameters.toEqualTypeOf<
      [ContractNudgeFacts, ContractNudgeContext]
    >();
    expectTypeOf(chooseContractRuleNudge).returns.toEqualTypeOf<ContractNudge>();
    expectTypeOf<ContractNudge["experiment"]>().toEqualTypeOf<ExperimentArm | null>();
    expectTypeOf<ContractNudge>().not.toHaveProperty("variant");
    expectTypeOf<ContractNudge>().not.toHaveProperty("strategy");
    // The fields cards render are shared with the simulator's Nudge.
    expectTypeOf<ContractNudge["channel"]>().toEqualTypeOf<Nudge["channel"]>();
    expectTypeOf<ContractNudge["engine"]>().toEqualTypeOf<Nudge["engine"]>();
  });
});
