import { displaySafe } from "../data/display-safe.ts";
import type { NudgeChannel } from "../nudges/nudge.ts";
import { wrapText as wrap } from "./wrap-text.ts";
import type { CustomerInsight } from "./customer-insight.ts";

const CHANNELS: Record<NudgeChannel, string> = {
  "in-app": "in-app message",
  email: "e-mail",
  "csm-call": "CSM call",
};

/**
 * The one-click customer summary as plain text: subscription details, behaviour, churn
 * probability and band, the drivers in words, what-if actions, the nudge and the engine that wrote
 * it, model version and snapshot time. Every text from data or an LLM goes through `displaySafe`.
 *
 * @example
 * await writeFile("7590-VHVEG.txt", renderInsightText(insight));
 */
export function renderInsightText(insight: CustomerInsight): string {
  const s = (text: string) => displaySafe(text, { singleLine: true });
  const { profile, engagement: e, risk, explanation, nudge, model, snapshot } = insight;
  const sub = profile.subscription;
  const lines: string[] = [];
  const section = (title: string) => lines.push("", title);
  const field = (name: string, value: string) =>
    lines.push(...wrap(value, `  ${name.padEnd(18)}`, " ".repeat(20)));
  // A measured table with some simulated columns marks those values; a wholly simulated one says it once.
  const { simulated, simulatedColumns } = insight.dataset;
  const sim = (...columns: string[]) =>
    !simulated && columns.some((c) => simulatedColumns.includes(c)) ? " (simulated)" : "";

  lines.push(`EngageTrack customer summary: ${s(insight.customerID)}`);
  lines.push(
    `Generated ${utc(insight.generatedAt)} from snapshot ${s(snapshot.id)} (scored ${utc(snapshot.createdAt)})`,
  );
  lines.push(
    `Model ${s(model.name)} (${s(model.kind)}, ${s(model.libraryVersion)}, sha256 ${model.hash.slice(0, 12)}${
      model.trainingRows === null ? "" : `, trained on ${model.trainingRows} customers`
    })`,
  );
  if (simulated)
    lines.push("Every value below is simulated (the built-in demo data), not a real customer's.");
  else if (simulatedColumns.length)
    lines.push("Values marked (simulated) were made by the simulator, not read from the customer's data.");

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

  section("SUBSCRIPTION");
  field("Plan", `${profile.planTier}${sim("planTier")}`);
  field("Contract", sub.contract);
  field("Tenure", plural(sub.tenureMonths, "month"));
  field("Monthly charges", money(sub.monthlyCharges));
  field("Total charges", sub.totalCharges === null ? "not billed yet" : money(sub.totalCharges));
  field("Payment", `${sub.paymentMethod}, ${sub.paperlessBilling ? "paperless billing" : "paper bills"}`);
  field("Internet", sub.internetService === "No" ? "none" : sub.internetService);
  field(
    "Phone",
    sub.phoneService === "No" ? "none" : sub.multipleLines === "Yes" ? "multiple lines" : "single line",
  );
  field("Add-ons", sub.addOns.length ? sub.addOns.join(", ") : "none");
  field(
    "Household",
    [
      profile.partner ? "partner" : "no partner",
      profile.dependents ? "dependents" : "no dependents",
      profile.seniorCitizen ? "senior citizen" : "not a senior citizen",
    ].join(", "),
  );

  section("BEHAVIOUR");
  field("Persona", `${profile.persona}${sim("persona")}`);
  field("Lifecycle stage", `${e.lifecycleStage}${sim("lifecycleStage")}`);
  field("Engagement", `${e.score.toFixed(1)} / 100 (${e.level})${sim("engagementScore", "engagementLevel")}`);
  field("Sessions a month", `${e.sessionsPerMonth}${sim("sessionsPerMonth")}`);
  field(
    "Payment delay",
    `${e.paymentDelayDays === 0 ? "pays on time" : plural(e.paymentDelayDays, "day")}${sim("paymentDelayDays")}`,
  );
  field("Support calls", `${e.supportCalls90d} in 90 days${sim("supportCalls90d")}`);

  section("DRIVERS (log-odds: + raises risk, - lowers it)");
  if (explanation.drivers.length === 0) lines.push("  none: the score is the model's baseline");
  for (const d of explanation.drivers) lines.push(`  ${signed(d.value).padStart(6)}  ${s(d.words)}`);

  section("WHAT-IF ACTIONS (one change at a time, all else equal)");
  if (explanation.whatIf.length === 0) lines.push("  no single feasible change lowers the risk");
  for (const w of explanation.whatIf) {
    const points = Math.round((w.after - w.before) * 100);
    lines.push(
      `  ${s(w.action).padEnd(40)}${pct(w.before)} -> ${pct(w.after)}  (${points} point${Math.abs(points) === 1 ? "" : "s"})`,
    );
  }

  section(
    `NUDGE (${nudge.engine === "llm" ? `written by the LLM ${s(nudge.llmModel ?? "")}` : "rule engine"})`,
  );
  field("Action", `${s(nudge.title)} [${nudge.actionId}]`);
  field(
    "Channel",
    `${CHANNELS[nudge.channel]}${nudge.trigger === "on-demand" ? "" : ` (on ${nudge.trigger})`}`,
  );
  field("Strategy", `${s(nudge.strategy)} (variant ${nudge.variant} of ${s(nudge.experimentKey)})`);
  lines.push("  Message");
  lines.push(...wrap(`"${s(nudge.message)}"`, "    "));
  lines.push("  Why");
  for (const r of nudge.reasons) lines.push(...wrap(s(r.text), "    - ", "      "));
  if (nudge.fallbackReason) field("Fallback", s(nudge.fallbackReason));
  return `${lines.join("\n")}\n`;
}

const pct = (p: number) => `${Math.round(p * 100)}%`;
const pct1 = (p: number) => `${(p * 100).toFixed(1)}%`;
const money = (v: number) => `$${v.toFixed(2)}`;
const signed = (x: number) => `${x >= 0 ? "+" : "-"}${Math.abs(x).toFixed(2)}`;
const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;
/** "2026-11-21 13:40 UTC" */
const utc = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
