import * as Plot from "@observablehq/plot";
import { op, type ColumnTable } from "arquero";
import type { RiskBand } from "../snapshot/scored-batch.ts";
import { themedAxisX, themedAxisY, themedGridY } from "./chart-axes.ts";
import { count, percent } from "./chart-format.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";

/** Customers of one band whose churn probability falls in [from, to). */
export interface RiskBin {
  from: number;
  to: number;
  band: RiskBand;
  customers: number;
}

const BANDS: readonly RiskBand[] = ["High", "Medium", "Low"];

/**
 * The churn-risk distribution: a histogram of customers' churn probabilities, coloured by risk
 * band, with each band's size in the legend.
 *
 * @example
 * const spec = riskDistribution(riskBins(snapshot.table));
 * spec.alt; // "Histogram of churn risk for 5,000 customers: 661 high risk (13%), …"
 */
export function riskDistribution(bins: readonly RiskBin[], size: ChartSize = {}): ChartSpec {
  for (const b of bins) {
    if (!(b.from >= 0 && b.to <= 1 && b.from < b.to && b.customers >= 0)) {
      throw new Error(`invalid risk bin: [${b.from}, ${b.to}) ${b.band} ${b.customers}`);
    }
  }
  const perBand = Object.fromEntries(
    BANDS.map((band) => [band, bins.filter((b) => b.band === band).reduce((s, b) => s + b.customers, 0)]),
  ) as Record<RiskBand, number>;
  const total = perBand.High + perBand.Medium + perBand.Low;
  const share = (n: number) => (total ? percent(n / total) : "–");
  const title = "Churn risk distribution";
  const frame = chartFrame({
    ...size,
    title,
    subtitle:
      total === 0
        ? "No customers in this snapshot."
        : `${count(total)} customers scored; ${count(perBand.High)} (${share(perBand.High)}) at high risk of churning.`,
    legend: BANDS.map((band) => ({
      label: `${band} risk: ${count(perBand[band])} (${share(perBand[band])})`,
      color: THEME.bands[band],
    })),
    marginLeft: 62,
  });
  const plot = frame.plot(
    [
      themedGridY({ ticks: 5 }),
      Plot.rectY(bins, {
        x1: "from",
        x2: "to",
        y: "customers",
        fill: "band",
        insetLeft: 1,
        insetRight: 1,
      }),
      Plot.ruleY([0], { stroke: THEME.axis }),
      themedAxisX({ label: "Churn probability", tickFormat: (p: number) => percent(p), ticks: 10 }),
      themedAxisY({ label: "Customers", ticks: 5, tickFormat: (n: number) => count(n) }),
    ],
    {
      x: { domain: [0, 1] },
      y: { nice: true },
      color: {
        domain: ["Low", "Medium", "High"],
        range: [THEME.bands.Low, THEME.bands.Medium, THEME.bands.High],
      },
    },
  );
  return {
    name: "risk-distribution",
    title,
    alt:
      total === 0
        ? `${title}: no customers.`
        : `Histogram of churn probability for ${count(total)} customers: ${BANDS.map(
            (band) => `${count(perBand[band])} ${band.toLowerCase()} risk (${share(perBand[band])})`,
          ).join(", ")}.`,
    table: {
      columns: ["Band", "Customers", "Share"],
      align: ["left", "right", "right"],
      rows: BANDS.map((band) => [band, count(perBand[band]), share(perBand[band])]),
    },
    plot,
  };
}

/**
 * Customers per probability bin (`width` wide, default 5 points) and band, from scored customers
 * (a snapshot's `table`, with `probability` and `band` columns), computed by Arquero.
 *
 * @example
 * riskBins(snapshot.table)[0]; // { from: 0, to: 0.05, band: "Low", customers: 412 }
 */
export function riskBins(table: ColumnTable, width = 0.05): RiskBin[] {
  const n = Math.round(1 / width);
  if (!(n >= 1 && n <= 1000 && Math.abs(n * width - 1) < 1e-9))
    throw new Error(`invalid bin width: ${width}`);
  const rows = table
    .params({ n })
    .derive({ bin: "(d, $) => (d.probability >= 1 ? $.n - 1 : op.floor(d.probability * $.n))" })
    .groupby("bin", "band")
    .rollup({ customers: op.count() })
    .orderby("bin", "band")
    .objects() as { bin: number; band: RiskBand; customers: number }[];
  return rows.map((r) => ({ from: r.bin / n, to: (r.bin + 1) / n, band: r.band, customers: r.customers }));
}
