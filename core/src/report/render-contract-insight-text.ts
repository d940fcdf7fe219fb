import { displaySafe } from "../data/display-safe.ts";
import type { NudgeChannel } from "../nudges/nudge.ts";
import { wrapText as wrap } from "./wrap-text.ts";
import type { ContractInsight } from "./contract-insight.ts";

const CHANNELS: Record<NudgeChannel, string> = {
  "in-app": "in-app message",
  email: "e-mail",
  "csm-call": "CSM call",
};
const STATUS: Record<ContractInsight["status"], string> = {
  current: "current customer (no outcome yet)",
  retained: "retained (labelled history: stayed)",
  churned: "CHURNED (history: trains the model, not someone to act on)",
};

/**
 * The customer summary of a contract table as plain text: status, the facts in the contract's
 * labels and formats (simulated values marked), churn probability and band, drivers in words,
 * what-if actions, the nudge, model and snapshot. Every text from data or an LLM goes through
 * `displaySafe`.
 *
 * @example
 * await writeFile("AC100007.txt", renderContractInsightText(insight));
 */
export function renderContractInsightText(insight: ContractInsight): string {
  const s = (text: string) => displaySafe(text, { singleLine: true });
  const { risk, explanation, nudge, model, snapshot } = insight;
  const lines: string[] = [];
  const section = (title: string) => lines.push("", title);
  // One label column for the whole summary: as wide as the longest label (within 18–40 characters).
  const width = Math.min(40, Math.max(18, ...insight.facts.map((f) => s(f.label).length + 2)));
  const field = (name: string, value: string) => {
    const label = s(name);
    const shown = label.length > width - 2 ? `${label.slice(0, width - 3)}…` : label;
    lines.push(...wrap(value, `  ${shown.padEnd(width)}`, " ".repeat(width + 2)));
  };

  lines.push(
    ...wrap(`EngageTrack customer summary: ${s(insight.customerID)} (${s(insight.dataset.name)})`, "", "  "),
  );
  // Every line within the summary's width, whatever the snapshot's and model's names.
  lines.push(
    ...wrap(
      `Generated ${utc(insight.generatedAt)} from snapshot ${s(snapshot.id)} (scored ${utc(snapshot.createdAt)})`,
      "",
      "  ",
    ),
  );
  lines.push(
    ...wrap(
      `Model ${s(model.name)} (${s(model.kind)}, ${s(model.libraryVersion)}, sha256 ${model.hash.slice(0, 12)}${
        model.trainingRows === null ? "" : `, trained on ${model.trainingRows} customers`
      })`,
      "",
      "  ",
    ),
  );
  lines.push(`Status: ${STATUS[insight.status]}`);
  if (insight.dataset.simulated)
    lines.push(
      ...wrap("Every value below is simulated (the built-in demo data), not a real customer's.", "", "  "),
    );

  section("CHURN RISK");
  lines.push(...wrap(s(explanation.sentence), "  "));
  field(
    "Probability",
    `${pct1(risk.probability)} (band ${risk.band}: Medium from ${pct(risk.bands.medium)}, High from ${pct(risk.bands.high)})`,
  );
  field(
    "Offer threshold",
    `${pct1(risk.decisionThreshold)} ${risk.probability >= risk.decisionThreshold ? "(above: an offer pays)" : "(below)"}`,
  );

  section("CUSTOMER");
  for (const f of insight.facts)
    field(f.label, `${s(f.text)}${f.simulated && !insight.dataset.simulated ? " (simulated)" : ""}`);

  section("DRIVERS (log-odds: + raises risk, - lowers it)");
  if (explanation.drivers.length === 0) lines.push("  none: the score is the model's baseline");
  const simulated = new Set(insight.dataset.simulated ? [] : insight.dataset.simulatedColumns);
  for (const d of explanation.drivers)
    lines.push(
      ...wrap(
        `${s(d.words)}${simulated.has(d.source) ? " (simulated)" : ""}`,
        `  ${signed(d.value).padStart(6)}  `,
        " ".repeat(10),
      ),
    );

  section("WHAT-IF ACTIONS (one change at a time, all else equal)");
  if (explanation.whatIf.length === 0) lines.push("  no single feasible change lowers the risk");
  for (const w of explanation.whatIf) {
    const points = Math.round((w.after - w.before) * 100);
    const change = `${pct(w.before)} -> ${pct(w.after)}  (${points} point${Math.abs(points) === 1 ? "" : "s"})`;
    const action = s(w.action);
    // A long action (a contract's own words) gets its own lines, the change after it.
    if (action.length < 40) lines.push(`  ${action.padEnd(40)}${change}`);
    else lines.push(...wrap(`${action}: ${change}`, "  ", "    "));
  }

  if (!nudge) {
    section("NUDGE");
    lines.push(...wrap(s(insight.noNudgeReason ?? "none"), "  "));
    return `${lines.join("\n")}\n`;
  }
  section(
    `NUDGE (${nudge.engine === "llm" ? `written by the LLM ${s(nudge.llmModel ?? "")}` : "rule engine"})`,
  );
  field("Action", `${s(nudge.title)} [${nudge.actionId}]`);
  field(
    "Channel",
    `${CHANNELS[nudge.channel]}${nudge.trigger === "on-demand" ? "" : ` (on ${nudge.trigger})`}`,
  );
  field(
    "Experiment",
    nudge.experiment
      ? `arm ${s(nudge.experiment.arm)} of ${s(nudge.experiment.key)}`
      : "none (no arm is claimed)",
  );
  lines.push("  Message");
  lines.push(...wrap(`"${s(nudge.message)}"`, "    "));
  lines.push("  Why");
  for (const r of nudge.reasons) lines.push(...wrap(s(r.text), "    - ", "      "));
  if (nudge.fallbackReason) field("Fallback", s(nudge.fallbackReason));
  return `${lines.join("\n")}\n`;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
const pct1 = (p: number) => `${(p * 100).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(2)}`;
/** "2026-11-21 13:40 UTC" */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
