/**
 * Words for one customer attribute, used in driver labels and the "why" sentence. Kept in one table
 * so every surface (bot, summary, notebooks) says the same thing the same way.
 */
type Phrase = (value: unknown) => string;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const money = (v: unknown) => `$${Number(v).toFixed(2)}`;
const yesNo =
  (yes: string, no: string): Phrase =>
  (v) =>
    v === "Yes" ? yes : no;
const addon =
  (name: string): Phrase =>
  (v) =>
    v === "Yes" ? name : v === "No" ? `no ${name}` : "no internet service";

const PHRASES: Record<string, Phrase> = {
  SeniorCitizen: (v) => (v === 1 ? "being a senior citizen" : "not being a senior citizen"),
  tenure: (v) => `a tenure of ${plural(Number(v), "month")}`,
  MonthlyCharges: (v) => `monthly charges of ${money(v)}`,
  TotalCharges: (v) =>
    v === null || v === undefined ? "no billing history yet" : `total charges of ${money(v)}`,
  gender: (v) => `gender ${String(v).toLowerCase()}`,
  Partner: yesNo("having a partner", "no partner"),
  Dependents: yesNo("having dependents", "no dependents"),
  PhoneService: yesNo("phone service", "no phone service"),
  MultipleLines: (v) =>
    v === "Yes" ? "multiple phone lines" : v === "No" ? "a single phone line" : "no phone service",
  InternetService: (v) =>
    v === "Fiber optic" ? "fibre-optic internet" : v === "DSL" ? "DSL internet" : "no internet service",
  OnlineSecurity: addon("online security"),
  OnlineBackup: addon("online backup"),
  DeviceProtection: addon("device protection"),
  TechSupport: addon("tech support"),
  StreamingTV: addon("streaming TV"),
  StreamingMovies: addon("streaming movies"),
  Contract: (v) =>
    v === "Month-to-month"
      ? "a month-to-month contract"
      : v === "One year"
        ? "a one-year contract"
        : "a two-year contract",
  PaperlessBilling: yesNo("paperless billing", "paper billing"),
  PaymentMethod: (v) =>
    v === "Electronic check"
      ? "paying by electronic check"
      : v === "Mailed check"
        ? "paying by mailed check"
        : v === "Bank transfer (automatic)"
          ? "automatic bank transfers"
          : "automatic card payments",
  persona: (v) => `the ${String(v)} persona`,
  planTier: (v) => `the ${String(v)} plan`,
  sessionsPerMonth: (v) => `${plural(Number(v), "session")} a month`,
  paymentDelayDays: (v) => (Number(v) === 0 ? "paying on time" : `payments ${plural(Number(v), "day")} late`),
  supportCalls90d: (v) => `${plural(Number(v), "support call")} in 90 days`,
  engagementScore: (v) => `an engagement score of ${Math.round(Number(v))}`,
  engagementLevel: (v) => `${String(v).toLowerCase()} engagement`,
  lifecycleStage: (v) => `the ${String(v)} lifecycle stage`,
  variant: (v) => `nudge variant ${String(v)}`,
};

/** A phrase for a column's value ("a month-to-month contract"); falls back to "column = value". */
export function describeValue(column: string, value: unknown): string {
  const phrase = PHRASES[column];
  if (phrase) return phrase(value);
  return `${column} = ${value === null || value === undefined || Number.isNaN(value) ? "missing" : String(value)}`;
}

/** The short label used on charts and cards: "Contract = Month-to-month". */
export function driverLabel(sourceLabel: string, value: unknown): string {
  const shown =
    value === null || value === undefined || (typeof value === "number" && Number.isNaN(value))
      ? "missing"
      : typeof value === "number"
        ? String(Math.round(value * 100) / 100)
        : String(value);
  return `${sourceLabel} = ${shown}`;
}
