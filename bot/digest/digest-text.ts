/**
 * The words of a digest, once: every renderer (Markdown, Slack blocks, Teams card) lays out these
 * same sentences and tables, so a number reads the same in every channel.
 */
import { count, money as formatMoney, percent, points } from "../../core/src/charts/index.ts";
import type { Drift } from "../../core/src/digest/index.ts";
import { displaySafe } from "../../core/src/index.ts";
import { withCallFirstActions } from "./call-first-actions.ts";
import type { BookDigestReport } from "./owner-book.ts";

/** A table of already formatted cells. */
export interface TextTable {
  columns: string[];
  align: ("left" | "right")[];
  rows: string[][];
}

export interface DigestSection {
  title: string;
  /** Sentences before the table. */
  lines: string[];
  table: TextTable | null;
}

export interface DigestText {
  title: string;
  /** What this digest is about: slot, snapshot, model, and what it is compared with. */
  context: string[];
  /** One line for notifications and the Slack fallback text. */
  summary: string;
  sections: DigestSection[];
  links: { label: string; url: string }[];
}

/** "2026-07-06 07:00 UTC". */
export function utcTime(iso: string): string {
  const d = new Date(iso);
  return `${d.toISOString().slice(0, 10)} ${d.toISOString().slice(11, 16)} UTC`;
}

/**
 * An amount in the data set's currency, in the house format every surface uses (core's `money`:
 * "$84.90", "€12,345.60"). Without a currency (no revenue column) the number alone.
 */
export function money(n: number, currency: string | null = "USD"): string {
  return currency === null
    ? n.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : formatMoney(n, currency);
}

const signed = (n: number) => (n > 0 ? `+${count(n)}` : n < 0 ? `−${count(-n)}` : "0");
const signedShap = (n: number) => (n >= 0 ? `+${n.toFixed(2)}` : `−${(-n).toFixed(2)}`);
const id = (s: string) => displaySafe(s, { singleLine: true });

function driftWord(d: Drift, threshold: number): string {
  if (d.psi > threshold) return "shifted";
  return d.psi > 0.1 ? "moderate" : "stable";
}

/**
 * A digest's words and tables, in the data set's own terms: its ids, labels, values and currency.
 * Every count and revenue figure is over customers to act on (churned customers are history).
 *
 * @example
 * const text = digestText(report);
 * text.summary; // "weekly churn digest: 121 high-risk customers (+33); 14 newly high-risk (€987.65/month at risk); €10,245/month at risk in all"
 */
export function digestText(report: BookDigestReport): DigestText {
  const { previous, newHighRisk: nh, health, dataset } = report;
  // A per-owner digest: the owner's customers only (owner-book.ts); model health is the whole model's.
  const owner = report.book ? id(report.book.owner) : null;
  const currency = report.revenueAtRisk.currency;
  const cash = (n: number) => money(n, currency);
  const high = report.bands.find((b) => b.band === "High")!;
  const simulatedLine = dataset.simulated
    ? "Simulated data: every customer and value in this digest comes from the simulator, not from real customers."
    : dataset.simulatedColumns.length > 0
      ? `Simulated data: ${dataset.simulatedColumns.join(", ")} ${dataset.simulatedColumns.length === 1 ? "is" : "are"} filled in by the simulator, not measured.`
      : null;
  const context = [
    `Slot ${utcTime(report.slot)} · snapshot ${report.snapshot.id} (${count(report.snapshot.customers)} customers to act on, scored ${utcTime(report.snapshot.createdAt)}) · model ${report.model.name} (${report.model.hash.slice(0, 12)})`,
    `Data set: ${dataset.name}${dataset.description ? ` — ${dataset.description}` : ""}.`,
    ...(report.book
      ? [
          `Accounts of ${owner}: the customers whose ${id(report.book.column)} is ${owner}, and only those; the team digest covers every account.`,
        ]
      : []),
    ...(simulatedLine ? [simulatedLine] : []),
    ...(report.outcomesKnown === 0
      ? [
          "Outcomes not known yet: no customer in this snapshot has churned or been retained, so nothing here is measured against outcomes; probabilities are the model's.",
        ]
      : []),
    previous
      ? previous.snapshotId === report.snapshot.id
        ? `No new snapshot since the last digest here (${utcTime(previous.slot)}): the numbers are unchanged.`
        : `Changes are since the last digest here (${utcTime(previous.slot)}, snapshot ${previous.snapshotId}).`
      : "First digest here: no earlier digest to compare with.",
  ];

  const { total, highBand } = report.revenueAtRisk;
  const churnedSince = report.history.churnedSincePrevious;
  const bands: DigestSection = {
    title: "Customers by risk band",
    lines: [
      report.history.churned > 0
        ? `${count(report.snapshot.customers)} customers to act on; the ${count(report.history.churned)} who already churned are history, left out of every count and list.`
        : `${count(report.snapshot.customers)} customers to act on.`,
      total === null
        ? "Revenue at risk: not known (the data set declares no revenue column)."
        : `Revenue at risk: ${cash(total)}/month (monthly revenue × churn probability, over customers to act on)${highBand === null ? "" : `, of which High band ${cash(highBand)}/month`}.`,
      ...(churnedSince
        ? [
            `${count(churnedSince)} ${churnedSince === 1 ? "customer" : "customers"} churned since the last digest (history now, not listed as at risk).`,
          ]
        : []),
    ],
    table: {
      columns: ["Band", "Customers", "Share", "Change"],
      align: ["left", "right", "right", "right"],
      rows: report.bands.map((b) => [
        b.band,
        count(b.customers),
        percent(b.share, 1),
        b.change === null ? "–" : signed(b.change),
      ]),
    },
  };

  const atRisk = nh.revenueAtRisk === null ? "" : `, ${cash(nh.revenueAtRisk)}/month of revenue at risk`;
  const newLine = {
    "since-previous": `${count(nh.count)} ${nh.count === 1 ? "customer" : "customers"} moved into High risk since the last digest${atRisk}.`,
    "first-digest": `${count(nh.count)} customers are at High risk${atRisk}.`,
    "previous-missing": `The last digest's snapshot (${previous?.snapshotId ?? "?"}) is no longer available, so newcomers cannot be told apart: ${count(nh.count)} customers are at High risk${atRisk}.`,
    "same-snapshot": "No newly high-risk customers: the snapshot is the one the last digest reported.",
  }[nh.basis];
  const compare = nh.basis === "since-previous";
  const revenue = nh.revenueAtRisk !== null;
  const newHigh: DigestSection = {
    title: nh.basis === "since-previous" ? "Newly high-risk customers" : "High-risk customers",
    lines: [
      newLine,
      ...(nh.customers.length > 0
        ? [
            revenue
              ? `Top ${nh.customers.length} by monthly revenue at risk (revenue × churn probability):`
              : `Top ${nh.customers.length} by churn probability:`,
          ]
        : []),
    ],
    table:
      nh.customers.length === 0
        ? null
        : {
            columns: [
              "Customer",
              "Churn risk",
              ...(compare ? ["Before"] : []),
              ...(revenue ? ["Monthly revenue", "At risk / month"] : []),
              "Main driver",
            ],
            align: [
              "left",
              "right",
              ...(compare ? (["right"] as const) : []),
              ...(revenue ? (["right", "right"] as const) : []),
              "left",
            ],
            rows: nh.customers.map((c) => [
              id(c.id),
              percent(c.probability),
              ...(compare
                ? [
                    c.previousProbability === null
                      ? "new customer"
                      : `${percent(c.previousProbability)} ${c.previousBand ?? ""}`.trim(),
                  ]
                : []),
              ...(revenue
                ? [
                    c.monthlyRevenue === null ? "–" : cash(c.monthlyRevenue),
                    c.revenueAtRisk === null ? "–" : cash(c.revenueAtRisk),
                  ]
                : []),
              c.mainDriver
                ? `${c.mainDriver.phrase}${c.mainDriver.simulated && !dataset.simulated ? " (simulated)" : ""}`
                : "no single driver",
            ]),
          },
  };

  const hasRevenue = report.revenueAtRisk.total !== null;
  const callFirst: DigestSection = {
    title: "Call first",
    lines: [
      report.callFirst.length === 0
        ? "No customer to act on."
        : hasRevenue
          ? `The ${report.callFirst.length} customers to act on with the most monthly revenue at risk (the bot's "${owner ? "my " : ""}top at-risk" list):`
          : `The ${report.callFirst.length} customers to act on most likely to churn (the bot's "${owner ? "my " : ""}top at-risk" list):`,
    ],
    table:
      report.callFirst.length === 0
        ? null
        : {
            columns: [
              "Customer",
              "Churn risk",
              ...(hasRevenue ? ["Monthly revenue", "At risk / month"] : []),
              "Main driver",
            ],
            align: ["left", "right", ...(hasRevenue ? (["right", "right"] as const) : []), "left"],
            rows: report.callFirst.map((c) => [
              id(c.id),
              percent(c.probability),
              ...(hasRevenue
                ? [
                    c.monthlyRevenue === null ? "–" : cash(c.monthlyRevenue),
                    c.revenueAtRisk === null ? "–" : cash(c.revenueAtRisk),
                  ]
                : []),
              c.mainDriver
                ? `${c.mainDriver.phrase}${c.mainDriver.simulated && !dataset.simulated ? " (simulated)" : ""}`
                : "no single driver",
            ]),
          },
  };

  const movers: DigestSection = {
    title: "Biggest movers",
    lines: [
      ...(report.customers && report.previous?.snapshotId !== report.snapshot.id
        ? [
            `${count(report.customers.common)} customers to act on were in both snapshots, ${count(report.customers.added)} are new, ${count(report.customers.removed)} gone.`,
          ]
        : []),
      ...(report.movers.length > 0
        ? [`Largest changes in churn probability among them (top ${report.movers.length}):`]
        : [
            !previous
              ? "Nothing to compare with yet."
              : previous.snapshotId === report.snapshot.id
                ? "No new snapshot since the last digest."
                : !previous.available
                  ? "Not available: the last digest's snapshot is gone."
                  : report.customers?.common === 0
                    ? "No customer is in both snapshots."
                    : "No customer's churn probability changed.",
          ]),
    ],
    table:
      report.movers.length === 0
        ? null
        : {
            columns: ["Customer", "Before", "Now", "Change"],
            align: ["left", "right", "right", "right"],
            rows: report.movers.map((m) => [
              id(m.id),
              `${percent(m.previousProbability)} ${m.previousBand}`,
              `${percent(m.probability)} ${m.band}`,
              points(m.delta),
            ]),
          },
  };

  const compared = report.drivers.some((d) => d.previousRank !== null);
  const drivers: DigestSection = {
    title: "Top drivers this period",
    lines: ["What moves churn predictions most across customers to act on (mean |SHAP|, log-odds)."],
    table: {
      columns: compared ? ["#", "Driver", "Strength", "Change", "Rank before"] : ["#", "Driver", "Strength"],
      align: compared ? ["right", "left", "right", "right", "right"] : ["right", "left", "right"],
      rows: report.drivers.map((d) => [
        String(d.rank),
        d.label,
        d.meanAbsShap.toFixed(2),
        ...(compared
          ? [
              d.change === null ? "–" : signedShap(d.change),
              d.previousRank === null ? "–" : `#${d.previousRank}`,
            ]
          : []),
      ]),
    },
  };

  const segments: DigestSection[] = report.segments.map((s) => ({
    title: `Risk by ${s.label}`,
    lines:
      s.more > 0
        ? [
            `The ${s.rows.length} of ${s.rows.length + s.more} values with the most ${revenue ? "revenue at risk" : "High-risk customers"}:`,
          ]
        : [],
    table: {
      columns: [s.label, "Customers", "High", ...(revenue ? ["At risk / month"] : [])],
      align: ["left", "right", "right", ...(revenue ? (["right"] as const) : [])],
      rows: s.rows.map((r) => [
        id(r.value),
        count(r.customers),
        count(r.high),
        ...(revenue ? [r.revenueAtRisk === null ? "–" : cash(r.revenueAtRisk)] : []),
      ]),
    },
  }));

  const experiment: DigestSection = {
    title: "Experiment",
    lines: [
      report.experiment
        ? `${report.experiment.key}: ${report.experiment.line}`
        : "No experiment declared for this data set.",
    ],
    table: null,
  };

  const healthLines: string[] = owner
    ? ["The whole model's, over every account (as in the team digest)."]
    : [];
  if (health.reference && health.score) {
    healthLines.push(
      `Every scored customer compared with ${health.reference.origin}: score drift PSI ${health.score.psi.toFixed(3)} (${driftWord(health.score, health.threshold)}).`,
      health.flagged.length > 0
        ? `Flagged (PSI > ${health.threshold}): ${health.flagged.join(", ")}.`
        : `No input drifted beyond PSI ${health.threshold}.`,
    );
  } else {
    healthLines.push(`Drift not measured: ${health.note ?? "no reference data"}.`);
  }
  healthLines.push(
    health.calibration
      ? `Calibration on ${count(health.calibration.customers)} customers with known outcomes (history): expected calibration error ${percent(health.calibration.ece, 1)}.`
      : `Calibration not measured: ${health.calibrationNote ?? "outcomes not known yet"} (no customer in this snapshot has churned or been retained).`,
  );
  const shown = health.inputs.slice(0, 5);
  const healthSection: DigestSection = {
    title: "Model health",
    lines: healthLines,
    table:
      shown.length === 0
        ? null
        : {
            columns: ["Input (largest drift first)", "PSI", ""],
            align: ["left", "right", "left"],
            rows: shown.map((d) => [d.label, d.psi.toFixed(3), driftWord(d, health.threshold)]),
          },
  };

  const summary = [
    `${report.schedule} churn digest${owner ? ` for ${owner}` : ""}: ${count(high.customers)} high-risk customers${high.change === null ? "" : ` (${signed(high.change)})`}`,
    nh.basis === "since-previous"
      ? `${count(nh.count)} newly high-risk${nh.revenueAtRisk === null ? "" : ` (${cash(nh.revenueAtRisk)}/month at risk)`}`
      : null,
    total === null ? null : `${cash(total)}/month at risk in all`,
    health.flagged.length > 0 ? `drift flagged: ${health.flagged.join(", ")}` : null,
    dataset.simulated ? "simulated data" : null,
  ]
    .filter((s): s is string => s !== null)
    .join("; ");

  return {
    title: `EngageTrack churn digest — ${report.schedule}${owner ? `, for ${owner}` : ""}`,
    context,
    summary,
    sections: [
      bands,
      withCallFirstActions(callFirst, report),
      newHigh,
      movers,
      drivers,
      ...segments,
      experiment,
      healthSection,
    ],
    links: report.links,
  };
}
