import type { ContractNudgeFacts } from "./contract-nudge-facts.ts";
import type { DriverFact, WhatIfFact } from "./nudge-facts.ts";

/**
 * Up to two drivers a message may name: they raise risk, are not the column being offered, and were
 * not made by the simulator (a simulated value is never stated to a customer as fact).
 */
export function quotableDrivers(facts: ContractNudgeFacts, offer?: WhatIfFact): DriverFact[] {
  const simulated = new Set(facts.simulated);
  return facts.drivers
    .filter((d) => d.value > 0 && !simulated.has(d.source) && d.source !== offer?.column)
    .slice(0, 2);
}
