import { describe, expect, it } from "vitest";
import { whySentence } from "../../src/explain/why-sentence.ts";
import { customer } from "../fixtures/customer.ts";

describe("whySentence", () => {
  it("names what raises and what lowers risk in words", () => {
    const c = customer({ InternetService: "Fiber optic", supportCalls90d: 4, tenure: 24 });
    const s = whySentence(c, "High", 0.714, [
      { source: "Contract", label: "", value: 0.84 },
      { source: "InternetService", label: "", value: 0.41 },
      { source: "supportCalls90d", label: "", value: 0.3 },
      { source: "tenure", label: "", value: -0.35 },
      { source: "gender", label: "", value: 0.001 },
    ]);
    expect(s).toBe(
      "High risk (71%) mainly because of a month-to-month contract, fibre-optic internet and 4 support calls in 90 days; a tenure of 24 months lowers it.",
    );
  });

  it("says so when nothing raises risk", () => {
    const s = whySentence(customer({ Contract: "Two year" }), "Low", 0.03, [
      { source: "Contract", label: "", value: -1.2 },
    ]);
    expect(s).toBe("Low risk (3%) with no single factor raising it much; a two-year contract lowers it.");
  });
});
