import * as Plot from "@observablehq/plot";
import type { RiskBand } from "../snapshot/scored-batch.ts";
import { themedAxisX, themedAxisY, themedGridY } from "./chart-axes.ts";
import { count, percent } from "./chart-format.ts";
import { chartFrame } from "./chart-frame.ts";
import type { ChartSize, ChartSpec } from "./chart-spec.ts";
import { THEME } from "./chart-theme.ts";

/** One snapshot's band counts (a snapshot `Manifest` is one). */
export interface TrendPoint {
  /** ISO 8601 time the snapshot was made. */
  createdAt: string;
  bands: Record<RiskBand, number>;
}

const BANDS: readonly RiskBand[] = ["High", "Medium", "Low"];
const DAY = 86_400_000;

/**
 * Risk trend across snapshots: the share of customers in each risk band, one point per snapshot,
 * oldest to newest.
 *
 * @example
 * const spec = riskTrend(await openSnapshotStore("data/snapshots").list());
 */
export function riskTrend(snapshots: readonly TrendPoint[], size: ChartSize = {}): ChartSpec {
  const points = snapshots
    .map((s) => {
      const time = Date.parse(s.createdAt);
      if (Number.isNaN(time)) throw new Error(`invalid snapshot time: ${JSON.stringify(s.createdAt)}`);
      const total = s.bands.Low + s.bands.Medium + s.bands.High;
      return { time, date: new Date(time), total, bands: s.bands };
    })
    .sort((a, b) => a.time - b.time);
  const rows = points.flatMap((p) =>
    BANDS.map((band) => ({
      date: p.date,
      band,
      customers: p.bands[band],
      share: p.total ? p.bands[band] / p.total : 0,
    })),
  );
  const first = points[0];
  const last = points[points.length - 1];
  const highShare = (p: (typeof points)[number]) => (p.total ? p.bands.High / p.total : 0);
  const title = "Churn risk over time";
  const subtitle = !last
    ? "No snapshots yet."
    : points.length === 1
      ? `One snapshot so far (${day(last.date)}): ${percent(highShare(last))} of ${count(last.total)} customers at high risk.`
      : `High-risk share ${percent(highShare(first))} → ${percent(highShare(last))} over ${points.length} snapshots (${day(first.date) === day(last.date) ? `on ${day(last.date)}` : `${day(first.date)} to ${day(last.date)}`}).`;
  const frame = chartFrame({
    ...size,
    title,
    subtitle,
    legend: BANDS.map((band) => ({ label: `${band} risk`, color: THEME.bands[band] })),
    marginLeft: 56,
    marginRight: 70,
  });
  const domain: [Date, Date] = last
    ? first.time === last.time
      ? [new Date(first.time - DAY), new Date(first.time + DAY)]
      : [first.date, last.date]
    : [new Date(0), new Date(DAY)];
  const latest = rows.filter((r) => last && r.date === last.date);
  const plot = frame.plot(
    [
      themedGridY({ ticks: 5 }),
      Plot.line(rows, { x: "date", y: "share", z: "band", stroke: "band", strokeWidth: 3 }),
      Plot.dot(rows, { x: "date", y: "share", fill: "band", r: 5, stroke: "white", strokeWidth: 1.5 }),
      Plot.text(latest, {
        x: "date",
        y: "share",
        text: (r: (typeof rows)[number]) => percent(r.share),
        dx: 10,
        textAnchor: "start",
        fill: THEME.text,
        fontWeight: "bold",
      }),
      themedAxisY({ ticks: 5, tickFormat: (p: number) => percent(p), label: "Share of customers" }),
      // A few snapshots: mark each one; many: let Plot choose round dates.
      points.length <= 8
        ? themedAxisX({
            ticks: points.map((p) => p.date),
            tickFormat: dateLabel(points.map((p) => p.date)),
            label: null,
          })
        : themedAxisX({ ticks: 6, label: null }),
    ],
    {
      x: { type: "utc", domain },
      y: { domain: [0, 1] },
      color: {
        domain: ["Low", "Medium", "High"],
        range: [THEME.bands.Low, THEME.bands.Medium, THEME.bands.High],
      },
    },
  );
  return {
    name: "risk-trend",
    title,
    alt: !last
      ? `${title}: no snapshots yet.`
      : `Line chart of the share of customers per risk band over ${points.length} snapshot${points.length === 1 ? "" : "s"}: ${subtitle} Latest: ${BANDS.map((b) => `${b.toLowerCase()} ${percent(last.total ? last.bands[b] / last.total : 0)}`).join(", ")}.`,
    table: {
      columns: ["Snapshot", "Customers", "High", "Medium", "Low"],
      align: ["left", "right", "right", "right", "right"],
      rows: points.map((p) => [
        p.date.toISOString().slice(0, 16).replace("T", " "),
        count(p.total),
        ...BANDS.map((b) => `${count(p.bands[b])} (${percent(p.total ? p.bands[b] / p.total : 0)})`),
      ]),
    },
    plot,
  };
}

const day = (d: Date) => d.toISOString().slice(0, 10);

/** "Nov 21", or "Nov 21 13:38" when two snapshots share a day (UTC). */
function dateLabel(dates: readonly Date[]): (d: Date) => string {
  const days = dates.map(day);
  const sameDay = new Set(days).size < days.length;
  return (d) => {
    const text = `${MONTHS[d.getUTCMonth()]} ${d.getUTCDate()}`;
    return sameDay ? `${text} ${d.toISOString().slice(11, 16)}` : text;
  };
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
