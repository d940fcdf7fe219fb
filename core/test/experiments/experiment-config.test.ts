import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { enrichCustomer } from "../../src/data/enrichment.ts";
import { simulateCustomers } from "../../src/data/simulator.ts";
import { DEFAULT_EXPERIMENT_KEY } from "../../src/data/variant.ts";
import {
  DEFAULT_EXPERIMENT_CONFIG,
  enrichOptionsFor,
  findExperiment,
  parseExperimentConfig,
} from "../../src/experiments/experiment-config.ts";
import { readExperimentConfig } from "../../src/experiments/read-experiment-config.ts";
import { REPO } from "../fixtures/paths.ts";

const declared = (over: Record<string, unknown> = {}) => ({
  key: "onboarding-email",
  startDate: "2026-03-01",
  variants: { A: { name: "control", weight: 0.9 }, B: { name: "email", weight: 0.1 } },
  ...over,
});

describe("experiment config", () => {
  it("fills defaults: churn primary, engagement secondary, 2-point effect, 5% alpha, 80% power", () => {
    const [e] = parseExperimentConfig({ experiments: [declared()] }).experiments;
    expect(e).toMatchObject({
      primaryMetric: "churn",
      secondaryMetrics: ["engagement"],
      minimumEffect: 0.02,
    });
    expect(e).toMatchObject({ alpha: 0.05, power: 0.8 });
  });

  it("names the first bad field", () => {
    const bad = (value: unknown) => () => parseExperimentConfig(value, "experiments file x.json");
    expect(bad({ experiments: [declared({ startDate: "March" })] })).toThrow(
      /^invalid experiments file x\.json: experiments\[0\]\.startDate: /,
    );
    expect(bad({ experiments: [declared({ variants: { A: { name: "a", weight: 1 } } })] })).toThrow(
      "experiments[0].variants.B",
    );
    expect(
      bad({
        experiments: [declared({ variants: { A: { name: "a", weight: 0 }, B: { name: "b", weight: 1 } } })],
      }),
    ).toThrow("experiments[0].variants.A.weight");
    expect(bad({ experiments: [declared({ primaryMetric: "revenue" })] })).toThrow(
      "experiments[0].primaryMetric",
    );
    expect(bad({ experiments: [declared(), declared()] })).toThrow(
      'experiments[1].key: duplicate key "onboarding-email"',
    );
    expect(bad({ experiments: [] })).toThrow("experiments: ");
    expect(bad({ experiments: [declared({ colour: "red" })] })).toThrow("experiments[0]");
  });

  it("finds an experiment by key, the nudge test by default, and lists the declared ones otherwise", () => {
    const config = parseExperimentConfig({
      experiments: [declared(), declared({ key: DEFAULT_EXPERIMENT_KEY })],
    });
    expect(findExperiment(config).key).toBe(DEFAULT_EXPERIMENT_KEY);
    expect(findExperiment(config, "onboarding-email").variants.B.name).toBe("email");
    expect(() => findExperiment(config, "nope")).toThrow(
      'unknown experiment: "nope" (declared: "onboarding-email", "nudge-strategy-2026")',
    );
  });

  it("gives the enrichment the configured key and weights, as the simulator assigns them", () => {
    const config = parseExperimentConfig({ experiments: [declared()] });
    const options = enrichOptionsFor(findExperiment(config));
    expect(options).toEqual({ experimentKey: "onboarding-email", weights: { A: 0.9, B: 0.1 } });
    const customers = [...simulateCustomers({ rows: 300, seed: 5, ...options })];
    for (const c of customers) expect(enrichCustomer(c, options).variant).toBe(c.variant);
    const shareB = customers.filter((c) => c.variant === "B").length / customers.length;
    expect(shareB).toBeGreaterThan(0.04);
    expect(shareB).toBeLessThan(0.18);
  });

  it("declares the simulator's default experiment, 50/50, in data/experiments.json and built in", async () => {
    const file = await readExperimentConfig(join(REPO, "data/experiments.json"), { missing: "error" });
    for (const config of [file, DEFAULT_EXPERIMENT_CONFIG]) {
      const e = findExperiment(config);
      expect(e.key).toBe(DEFAULT_EXPERIMENT_KEY);
      expect(e.variants.A.weight).toBe(e.variants.B.weight);
      expect(e.secondaryMetrics).toEqual(["engagement"]);
    }
  });

  it("reads a file, falls back to the built-in experiment when the default file is absent, and names bad files", async () => {
    const files: Record<string, string> = {
      "good.json": JSON.stringify({ experiments: [declared()] }),
      "broken.json": "{ experiments: ",
    };
    const readText = async (path: string) => {
      if (path in files) return files[path];
      throw Object.assign(new Error("no such file"), { code: "ENOENT" });
    };
    expect((await readExperimentConfig("good.json", { readText })).experiments[0].key).toBe(
      "onboarding-email",
    );
    expect(await readExperimentConfig("absent.json", { readText })).toBe(DEFAULT_EXPERIMENT_CONFIG);
    await expect(readExperimentConfig("absent.json", { readText, missing: "error" })).rejects.toThrow(
      "cannot read experiments file: absent.json",
    );
    await expect(readExperimentConfig("broken.json", { readText })).rejects.toThrow(
      "invalid JSON in experiments file: broken.json",
    );
  });
});
