import { describe, expect, it } from "vitest";
import { globalImportance, importanceBars } from "../../src/charts/global-importance.ts";
import { createSvgRenderer } from "../../src/charts/render-svg.ts";
import { IMPORTANCE } from "./chart-fixtures.ts";
import { expectGoldenSvg } from "./golden.ts";

describe("globalImportance", () => {
  it("matches its golden SVG", async () => {
    await expectGoldenSvg("global-importance", createSvgRenderer().render(globalImportance(IMPORTANCE)));
  });

  it("draws the top factors, largest first, and tables them all", () => {
    const spec = globalImportance([...IMPORTANCE].reverse(), { top: 3 });
    expect(spec.alt).toBe(
      "Bar chart of the factors that move churn predictions most, by mean absolute SHAP value: " +
        "Contract 0.54, Lifecycle stage 0.28, Tenure (months) 0.25.",
    );
    expect(spec.table.rows).toHaveLength(14);
    expect(spec.table.rows[0]).toEqual(["Contract", "0.540"]);
  });

  it("rejects negative importance", () => {
    expect(() => globalImportance([{ label: "Contract", value: -1 }])).toThrow(
      'invalid importance: "Contract" = -1',
    );
  });
});

describe("importanceBars", () => {
  it("names sources in words from the default encoder, or from given labels", () => {
    const importance = [
      { source: "tenure", meanAbsShap: 0.3 },
      { source: "mystery", meanAbsShap: 0.1 },
    ];
    expect(importanceBars(importance)).toEqual([
      { label: "Tenure (months)", value: 0.3 },
      { label: "mystery", value: 0.1 },
    ]);
    expect(importanceBars(importance, { mystery: "Mystery column" })[1].label).toBe("Mystery column");
  });
});
