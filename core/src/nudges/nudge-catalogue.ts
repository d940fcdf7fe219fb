import type { Persona } from "../data/schema.ts";
import type { NudgeAction, NudgeCondition } from "./nudge-action.ts";
import type { NudgeFacts } from "./nudge-facts.ts";

/** The feature each persona gets most from (what discovery and onboarding nudges point at). */
export const PERSONA_FEATURES: Readonly<Record<Persona, string>> = {
  Student: "study planner templates",
  Marketer: "the campaign scheduler",
  Analyst: "saved dashboards",
  Writer: "distraction-free drafts",
};

const AUTOPAY = new Set(["Bank transfer (automatic)", "Credit card (automatic)"]);
const ENGAGEMENT = ["sessionsPerMonth", "engagementScore", "engagementLevel"] as const;

// Conditions shared by several actions.
const notLowRisk: NudgeCondition = {
  id: "not-low-risk",
  text: "Medium or High risk (offers are not spent on Low-risk customers)",
  test: (f) => f.band !== "Low",
};
const hasInternet: NudgeCondition = {
  id: "has-internet",
  text: "has internet service",
  test: (f) => f.internetService !== "No",
};
const pastOnboarding: NudgeCondition = {
  id: "past-onboarding",
  text: "past the onboarding stage",
  test: (f) => f.lifecycleStage !== "onboarding",
};

const times = (n: number) => (n === 1 ? "once" : `${n} times`);
const longerContract = (f: NudgeFacts) =>
  f.whatIf.find((w) => w.column === "Contract")?.to ??
  (f.contract === "Month-to-month" ? "One year" : "Two year");

/**
 * The nudge catalogue: every action the engines may choose, with its eligibility conditions, the
 * drivers it addresses, its what-if columns and its channel. Messages never promise a number that
 * is not in the customer's facts (no invented discounts or percentages).
 */
export const NUDGE_CATALOGUE: readonly NudgeAction[] = [
  {
    id: "onboarding-checklist",
    title: "Finish the setup checklist",
    category: "onboarding",
    channel: "in-app",
    escalateWhenHigh: false,
    drivers: ["tenure", "lifecycleStage", ...ENGAGEMENT],
    whatIfColumns: [],
    conditions: [
      { id: "onboarding", text: "in the onboarding stage", test: (f) => f.lifecycleStage === "onboarding" },
    ],
    message: (f) =>
      `Welcome aboard! Finish your setup checklist: it only takes a few minutes and unlocks ${PERSONA_FEATURES[f.persona]}, where most ${f.persona.toLowerCase()}s start.`,
  },
  {
    id: "feature-tour",
    title: "Discover a feature",
    category: "feature-discovery",
    channel: "in-app",
    escalateWhenHigh: false,
    drivers: [...ENGAGEMENT, "persona"],
    whatIfColumns: [],
    conditions: [
      {
        id: "not-highly-engaged",
        text: "Low or Medium engagement",
        test: (f) => f.engagementLevel !== "High",
      },
      { id: "not-dormant", text: "still active (not dormant)", test: (f) => f.lifecycleStage !== "dormant" },
    ],
    message: (f) =>
      `Have you tried ${PERSONA_FEATURES[f.persona]}? ${f.persona}s who use it get more done every week. Take the quick tour from your home screen.`,
  },
  {
    id: "weekly-habit",
    title: "Build a weekly habit",
    category: "habit-formation",
    channel: "in-app",
    escalateWhenHigh: false,
    drivers: [...ENGAGEMENT],
    whatIfColumns: [],
    conditions: [
      pastOnboarding,
      {
        id: "not-highly-engaged",
        text: "Low or Medium engagement",
        test: (f) => f.engagementLevel !== "High",
      },
    ],
    message: (f) =>
      `You've opened the app ${times(f.sessionsPerMonth)} this month. Pick a regular time each week and we'll send a gentle reminder so your work keeps moving.`,
  },
  {
    id: "premium-trial",
    title: "Try Premium features",
    category: "feature-discovery",
    channel: "in-app",
    escalateWhenHigh: false,
    drivers: ["planTier"],
    whatIfColumns: [],
    conditions: [
      { id: "highly-engaged", text: "High engagement", test: (f) => f.engagementLevel === "High" },
      { id: "not-premium", text: "not on the Premium plan yet", test: (f) => f.planTier !== "Premium" },
    ],
    message: (f) =>
      `You're getting a lot out of the ${f.planTier} plan. Try Premium's advanced features on a free trial; your plan only changes if you decide to keep them.`,
  },
  {
    id: "autopay-setup",
    title: "Set up automatic payments",
    category: "billing",
    channel: "email",
    escalateWhenHigh: false,
    drivers: ["PaymentMethod", "paymentDelayDays", "PaperlessBilling"],
    whatIfColumns: ["PaymentMethod"],
    conditions: [
      {
        id: "manual-payment",
        text: "pays by check (no automatic payments)",
        test: (f) => !AUTOPAY.has(f.paymentMethod),
      },
    ],
    message: () =>
      "Set up automatic payments by card or bank transfer and your bill is paid on time, every time: no reminders, no late notices.",
  },
  {
    id: "billing-fix",
    title: "Fix late payments",
    category: "billing",
    channel: "email",
    escalateWhenHigh: true,
    drivers: ["paymentDelayDays", "PaymentMethod"],
    whatIfColumns: [],
    conditions: [
      { id: "late-payments", text: "payments 5 or more days late", test: (f) => f.paymentDelayDays >= 5 },
    ],
    message: (f) =>
      `Your recent payments arrived ${f.paymentDelayDays} days after the due date. Reply to choose a billing date that suits you better and we'll move your bill to match.`,
  },
  {
    id: "support-follow-up",
    title: "Follow up on support calls",
    category: "support",
    channel: "email",
    escalateWhenHigh: true,
    drivers: ["supportCalls90d", "TechSupport"],
    whatIfColumns: [],
    conditions: [
      {
        id: "repeated-support",
        text: "2 or more support calls in 90 days",
        test: (f) => f.supportCalls90d >= 2,
      },
    ],
    message: (f) =>
      `You've contacted support ${times(f.supportCalls90d)} recently, and we're sorry for the trouble. A specialist will follow up to make sure everything is fixed for good.`,
  },
  {
    id: "tech-support-addon",
    title: "Offer tech support",
    category: "add-on",
    channel: "email",
    escalateWhenHigh: false,
    drivers: ["TechSupport", "supportCalls90d", "InternetService"],
    whatIfColumns: ["TechSupport"],
    conditions: [
      hasInternet,
      { id: "no-tech-support", text: "no tech support yet", test: (f) => f.techSupport === "No" },
      notLowRisk,
    ],
    message: () =>
      "Add tech support to your plan and get priority help from a specialist whenever your connection or devices act up.",
  },
  {
    id: "protection-bundle",
    title: "Offer online security and backup",
    category: "add-on",
    channel: "email",
    escalateWhenHigh: false,
    drivers: ["OnlineSecurity", "OnlineBackup", "DeviceProtection", "InternetService"],
    whatIfColumns: ["OnlineSecurity", "OnlineBackup", "DeviceProtection"],
    conditions: [
      hasInternet,
      {
        id: "missing-protection",
        text: "lacks online security, backup or device protection",
        test: (f) => [f.onlineSecurity, f.onlineBackup, f.deviceProtection].includes("No"),
      },
      notLowRisk,
    ],
    message: () =>
      "Keep your files and devices safe: add online security and backup to your plan and we'll take care of the rest.",
  },
  {
    id: "contract-upgrade",
    title: "Offer a longer contract",
    category: "contract",
    channel: "email",
    escalateWhenHigh: true,
    drivers: ["Contract", "tenure", "MonthlyCharges", "TotalCharges"],
    whatIfColumns: ["Contract"],
    conditions: [
      {
        id: "short-contract",
        text: "on a month-to-month or one-year contract",
        test: (f) => f.contract !== "Two year",
      },
      notLowRisk,
    ],
    message: (f) =>
      `Lock in your current price with a ${longerContract(f) === "One year" ? "one-year" : "two-year"} contract: the same service, with no monthly renewals to think about.`,
  },
  {
    id: "win-back",
    title: "Win back a fading customer",
    category: "win-back",
    channel: "email",
    escalateWhenHigh: true,
    drivers: [...ENGAGEMENT, "lifecycleStage"],
    whatIfColumns: [],
    conditions: [
      {
        id: "fading",
        text: "dormant, or Low engagement at High risk",
        test: (f) => f.lifecycleStage === "dormant" || (f.engagementLevel === "Low" && f.band === "High"),
      },
    ],
    message: (f) =>
      `We've missed you! Here's what's new in ${PERSONA_FEATURES[f.persona]} since your last visit. Pick up where you left off in one click.`,
  },
  {
    id: "value-recap",
    title: "Send a value recap",
    category: "habit-formation",
    channel: "email",
    escalateWhenHigh: false,
    drivers: [],
    whatIfColumns: [],
    conditions: [],
    message: (f) =>
      `Here's your recap: what you've done with the ${f.planTier} plan lately, and one tip for ${PERSONA_FEATURES[f.persona]} to get even more from it.`,
  },
];
