/**
 * Everyday questions as customer-success managers type them in Slack, Teams or the terminal, with
 * the intent each one should be read as: over the demo (`simulated` preset) and over the accounts
 * contract (core/test/fixtures/accounts.contract.yaml), whose columns and values are its own.
 * `"unsupported"` marks what the bot cannot answer yet (comparisons, changes over time, exports,
 * time windows the data has no notion of, unknown places): those must get a suggestion (the
 * `unclear` menu), never a misleading answer. Written before the parser learned counts, rates,
 * ranking phrasings and prepositional filters (issue 20), so the share understood before and
 * after can be reported.
 */
import type { ChangesSince, CustomerFilter, ExportList, RankBy } from "../../conversation/index.ts";

export type CorpusCatalog = "simulated" | "accounts";

/** The parts of an intent a phrasing must produce; filters compare as a set (order ignored). */
export type ExpectedIntent =
  | { kind: "customer" | "drivers" | "nudge" | "summary"; customerID: string }
  | ({ kind: "top-at-risk"; limit?: number; filters?: CustomerFilter[]; rankBy?: RankBy } & ScopedIntent)
  | ({
      kind: "count";
      measure: "customers" | "revenue-at-risk" | "churn-rate" | "mean-risk";
      filters?: CustomerFilter[];
    } & ScopedIntent)
  | ({ kind: "segment"; column: string } & ScopedIntent)
  | { kind: "experiment"; key: string | null }
  | { kind: "help" }
  /** Two groups side by side; `experiment` the declared experiment's key when both are its arms. */
  | { kind: "compare"; sides: [CustomerFilter[], CustomerFilter[]]; experiment?: string | null }
  /** Changes since an earlier snapshot. */
  | ({ kind: "changes"; since: ChangesSince } & ScopedIntent)
  /** A list as CSV: the at-risk list (limit null: all matching) or a segment table. */
  | ({ kind: "export"; list: ExportList } & ScopedIntent)
  /** A segment follow (issue 20): filters compare as a set. */
  | { kind: "follow-segment"; filters: CustomerFilter[]; band: "Low" | "Medium" | "High"; channel: boolean }
  /** A segment alert on its mean churn risk. */
  | {
      kind: "alert-segment";
      filters: CustomerFilter[];
      alert: "above" | "moves-up";
      threshold: number;
      channel: boolean;
    }
  /** Stop a segment follow or alert, by number or by filters (and band). */
  | {
      kind: "unfollow-segment";
      number: number | null;
      filters: CustomerFilter[];
      band: "Low" | "Medium" | "High" | null;
    }
  | { kind: "following" }
  /** More than one reading on purpose: a menu whose options include each of these words. */
  | { kind: "unclear"; mentions: string[] };

/** "my …": a list, count, segment or export over the asker's own accounts (issue 20). */
export interface ScopedIntent {
  scope?: "mine";
}

export interface Phrasing {
  text: string;
  catalog: CorpusCatalog;
  expect: ExpectedIntent | "unsupported";
}

const is = (column: string, ...values: Array<string | number>): CustomerFilter => ({
  column,
  op: "in",
  values,
});
const cmp = (column: string, op: "<" | "<=" | ">" | ">=" | "=", value: number): CustomerFilter => ({
  column,
  op,
  value,
});

// The demo's columns and values.
const mtm = is("Contract", "Month-to-month");
const high = is("band", "High");
const premium = is("planTier", "Premium");
const free = is("planTier", "Free");
const student = is("persona", "Student");
const fiber = is("InternetService", "Fiber optic");
const churned = is("status", "churned");
// The accounts contract's.
const tx = is("state", "TX");
const ca = is("state", "CA");
const intl = is("international_plan", 1);
const csc = (op: ">" | ">=", n: number) => cmp("number_customer_service_calls", op, n);

const count = (
  measure: "customers" | "revenue-at-risk" | "churn-rate" | "mean-risk",
  ...filters: CustomerFilter[]
): ExpectedIntent => ({ kind: "count", measure, filters });
const top = (limit?: number, ...filters: CustomerFilter[]): ExpectedIntent => ({
  kind: "top-at-risk",
  ...(limit === undefined ? {} : { limit }),
  filters,
});
const topBy = (rankBy: RankBy, limit?: number, ...filters: CustomerFilter[]): ExpectedIntent => ({
  ...(top(limit, ...filters) as object),
  kind: "top-at-risk",
  rankBy,
});
const customer = (customerID: string): ExpectedIntent => ({ kind: "customer", customerID });
/** The asker's own accounts ("my accounts", "my top at-risk"). */
const mine = (expected: ExpectedIntent): ExpectedIntent => ({ ...expected, scope: "mine" }) as ExpectedIntent;
const segment = (column: string): ExpectedIntent => ({ kind: "segment", column });

const compare = (
  a: CustomerFilter[],
  b: CustomerFilter[],
  experiment: string | null = null,
): ExpectedIntent => ({
  kind: "compare",
  sides: [a, b],
  experiment,
});
const since = (days: number | null): ExpectedIntent => ({
  kind: "changes",
  since: days === null ? { kind: "previous" } : { kind: "days", days },
});
const sinceDate = (date: string): ExpectedIntent => ({ kind: "changes", since: { kind: "date", date } });
const exportTop = (limit: number | null, ...filters: CustomerFilter[]): ExpectedIntent => ({
  kind: "export",
  list: { kind: "top-at-risk", limit, filters, rankBy: "revenue" },
});
const exportSegment = (column: string): ExpectedIntent => ({
  kind: "export",
  list: { kind: "segment", column },
});
const arm = (v: string) => is("variant", v);
const followSegment = (
  filters: CustomerFilter[],
  band: "Low" | "Medium" | "High",
  channel = false,
): ExpectedIntent => ({
  kind: "follow-segment",
  filters,
  band,
  channel,
});
const alertSegment = (
  filters: CustomerFilter[],
  alert: "above" | "moves-up",
  threshold: number,
  channel = false,
): ExpectedIntent => ({ kind: "alert-segment", filters, alert, threshold, channel });

const ID = "7590-VHVEG";
const ACCOUNT = "AC100042";

const DEMO: [string, ExpectedIntent | "unsupported"][] = [
  // Counts.
  ["how many customers?", count("customers")],
  ["How many customers do we have", count("customers")],
  ["how many customers are there", count("customers")],
  ["How many month-to-month customers are high risk?", count("customers", mtm, high)],
  ["how many high risk customers in the premium plan", count("customers", high, premium)],
  ["how many high-risk customers are there?", count("customers", high)],
  ["how many customers are on the premium plan", count("customers", premium)],
  ["how many students do we have", count("customers", student)],
  ["how many students are at high risk", count("customers", student, high)],
  ["number of customers", count("customers")],
  ["customer count", count("customers")],
  ["total customers", count("customers")],
  ["count of high risk customers", count("customers", high)],
  ["how many customers on month-to-month contracts", count("customers", mtm)],
  ["how many customers have fiber optic internet", count("customers", fiber)],
  ["how many customers with support calls>5", count("customers", cmp("supportCalls90d", ">", 5))],
  ["how many customers with more than 5 support calls", count("customers", cmp("supportCalls90d", ">", 5))],
  ["how many customers on the free plan are at risk", count("customers", free, high)],
  ["how many customers are at risk", count("customers", high)],
  ["how many dormant customers", count("customers", is("lifecycleStage", "dormant"))],
  ["how many customers have low engagement", count("customers", is("engagementLevel", "Low"))],
  ["how many churned customers", count("customers", churned)],
  ["how many customers have churned", count("customers", churned)],
  ["how many medium risk customers", count("customers", is("band", "Medium"))],
  [
    "how many analysts on the standard plan are high risk",
    count("customers", is("persona", "Analyst"), is("planTier", "Standard"), high),
  ],
  ["how many customers in variant B", count("customers", is("variant", "B"))],
  ["how many customers pay by electronic check", count("customers", is("PaymentMethod", "Electronic check"))],
  ["how many writers", count("customers", is("persona", "Writer"))],
  ["how many free plan customers are high risk?", count("customers", free, high)],
  ["how many customers with tenure<12", count("customers", cmp("tenure", "<", 12))],
  ["how many customers in the onboarding stage", count("customers", is("lifecycleStage", "onboarding"))],
  ["hey, how many premium customers do we have?", count("customers", premium)],
  ["how many customers by contract", segment("Contract")],
  ["how many customers per plan", segment("planTier")],
  // Revenue at risk.
  ["revenue at risk", count("revenue-at-risk")],
  ["what's our revenue at risk?", count("revenue-at-risk")],
  ["how much revenue is at risk", count("revenue-at-risk")],
  ["total revenue at risk", count("revenue-at-risk")],
  ["monthly revenue at risk for month-to-month customers", count("revenue-at-risk", mtm)],
  ["revenue at risk in the premium plan", count("revenue-at-risk", premium)],
  ["how much money is at risk", count("revenue-at-risk")],
  ["MRR at risk", count("revenue-at-risk")],
  ["revenue at risk for high risk customers", count("revenue-at-risk", high)],
  ["revenue at risk among students", count("revenue-at-risk", student)],
  ["at-risk revenue", count("revenue-at-risk")],
  ["revenue at risk on fiber optic", count("revenue-at-risk", fiber)],
  ["what is the revenue at risk of the free plan", count("revenue-at-risk", free)],
  [
    "how much revenue is at risk from dormant customers",
    count("revenue-at-risk", is("lifecycleStage", "dormant")),
  ],
  // Churn rates: the historical share, and the mean predicted risk.
  ["churn rate", count("churn-rate")],
  ["what's the churn rate?", count("churn-rate")],
  ["churn rate of students", count("churn-rate", student)],
  ["churn rate for month-to-month customers", count("churn-rate", mtm)],
  ["churn rate in the premium plan", count("churn-rate", premium)],
  ["what is the churn rate of customers on the free plan", count("churn-rate", free)],
  ["what percentage of customers churned", count("churn-rate")],
  ["attrition rate", count("churn-rate")],
  ["historical churn rate for fiber optic customers", count("churn-rate", fiber)],
  ["churn rate among analysts", count("churn-rate", is("persona", "Analyst"))],
  ["average churn risk", count("mean-risk")],
  ["average churn probability of students", count("mean-risk", student)],
  ["predicted churn rate", count("mean-risk")],
  ["expected churn rate for the premium plan", count("mean-risk", premium)],
  ["mean risk of dormant customers", count("mean-risk", is("lifecycleStage", "dormant"))],
  ["churn rate by contract", segment("Contract")],
  ["churn rate by plan", segment("planTier")],
  // Ranking: who to call.
  ["which customers should I call today?", top(10)],
  ["who should I call first", top(10)],
  ["who should I call?", top(10)],
  ["who should we reach out to this week", top(10)],
  ["who do I contact first", top(10)],
  ["top 10 at risk in the premium plan", top(10, premium)],
  ["who's at risk?", top(10)],
  ["show me the riskiest customers", top(10)],
  ["riskiest 5 students", top(5, student)],
  ["top 5 at-risk month-to-month customers", top(5, mtm)],
  ["top at-risk 3", top(3)],
  [":fire: top at-risk 3", top(3)],
  ["🔥 who's at risk? 🔥", top(10)],
  ["who is most likely to churn", top(10)],
  ["which accounts are most at risk", top(10)],
  ["which customers are likely to churn?", top(10)],
  ["list high risk customers", top(10)],
  ["top 20 by probability", topBy("probability", 20)],
  ["top 10 at risk on fiber optic", top(10, fiber)],
  ["top at-risk customers with low engagement", top(10, is("engagementLevel", "Low"))],
  ["top 10 at risk in the premium plan by probability", topBy("probability", 10, premium)],
  ["who should I call in the free plan", top(10, free)],
  ["which students should I call today", top(10, student)],
  ["customers to call today", top(10)],
  ["call list", top(10)],
  ["give me today's call list", top(10)],
  ["top at-risk with support calls>5", top(10, cmp("supportCalls90d", ">", 5))],
  ["top at-risk support calls>5", top(10, cmp("supportCalls90d", ">", 5))],
  ["top at-risk support>5", { kind: "unclear", mentions: ["support calls", "tech support"] }],
  ["how many customers with support>5", { kind: "unclear", mentions: ["support calls", "tech support"] }],
  ["top 5 at risk tech support=No", top(5, is("TechSupport", "No"))],
  ["top at-risk 10 contract=month-to-month", top(10, mtm)],
  ["the riskiest accounts on the standard plan", top(10, is("planTier", "Standard"))],
  ["most at risk dormant customers", top(10, is("lifecycleStage", "dormant"))],
  ["who's at risk in variant A", top(10, is("variant", "A"))],
  ["<https://engagetrack.example/top|top at-risk 5>", top(5)],
  ["<@U024BE7LH> who should I call first?", top(10)],
  ["<at>EngageTrack</at> top at-risk 5", top(5)],
  [":rotating_light: who's at risk :rotating_light:", top(10)],
  ["*top 5 at-risk* :pray:", top(5)],
  ["top 3 at risk!!! 🙏", top(3)],
  ["(top at-risk 5)", top(5)],
  ["top at risk students on month-to-month", top(10, student, mtm)],
  ["top 10 at-risk premium customers", top(10, premium)],
  ["which premium customers are at risk?", top(10, premium)],
  ["top at-risk seniors", top(10, is("SeniorCitizen", 1))],
  ["who needs attention today", top(10)],
  ["prioritize my outreach", top(10)],
  // The asker's own accounts (issue 20).
  ["my accounts", mine(top(10))],
  ["show me my customers", mine(top(10))],
  ["my book", mine(top(10))],
  ["my top at-risk 5", mine(top(5))],
  ["my top 5 at risk students", mine(top(5, student))],
  ["which of my customers should I call today?", mine(top(10))],
  ["how many of my accounts are high risk?", mine(count("customers", high))],
  ["my revenue at risk", mine(count("revenue-at-risk"))],
  ["how many customers do I have", mine(count("customers"))],
  ["my accounts by contract", mine(segment("Contract"))],
  // Markup around counts.
  ["👀 how many customers?", count("customers")],
  [":moneybag: revenue at risk", count("revenue-at-risk")],
  ["*how many* high risk customers?", count("customers", high)],
  ["<@U024BE7LH> churn rate of students please", count("churn-rate", student)],
  // One customer.
  [`why is ${ID} at risk`, customer(ID)],
  [`tell me about ${ID}`, customer(ID)],
  [ID, customer(ID)],
  [`:eyes: ${ID}`, customer(ID)],
  [`drivers ${ID}`, { kind: "drivers", customerID: ID }],
  [`summary ${ID}`, { kind: "summary", customerID: ID }],
  ["nudge 5575-GNVDE", { kind: "nudge", customerID: "5575-GNVDE" }],
  [`what's going on with ${ID}?`, customer(ID)],
  ["is 3668-QPYBK going to churn", customer("3668-QPYBK")],
  [`<https://crm.example/c/${ID}|${ID}>`, customer(ID)],
  [`how risky is ${ID}`, customer(ID)],
  [`how likely is ${ID} to churn?`, customer(ID)],
  [`🔥 ${ID} 🔥`, customer(ID)],
  [`:warning: why is ${ID} at risk?`, customer(ID)],
  // Segments.
  ["segment contract", segment("Contract")],
  ["churn by plan", segment("planTier")],
  ["break down by persona", segment("persona")],
  ["risk by lifecycle stage", segment("lifecycleStage")],
  ["churn rate by internet service", segment("InternetService")],
  ["by contract", segment("Contract")],
  ["segment by engagement", segment("engagementLevel")],
  ["how does churn vary by plan", segment("planTier")],
  ["churn by persona :chart_with_upwards_trend:", segment("persona")],
  // Experiments and help.
  ["experiment", { kind: "experiment", key: null }],
  ["how is the a/b test doing?", { kind: "experiment", key: null }],
  ["experiment results", { kind: "experiment", key: null }],
  ["help", { kind: "help" }],
  ["what can you do?", { kind: "help" }],
  [":wave: help", { kind: "help" }],
  ["hi", { kind: "help" }],
  ["🔥🔥🔥", { kind: "help" }],
  // Comparisons (issue 20): values of one column, a declared experiment's arms, filters.
  ["compare variant A and B", compare([arm("A")], [arm("B")], "nudge-strategy-2026")],
  ["compare students vs analysts", compare([student], [is("persona", "Analyst")])],
  ["students vs analysts", compare([student], [is("persona", "Analyst")])],
  ["compare A and B", compare([arm("A")], [arm("B")], "nudge-strategy-2026")],
  ["variant a vs variant b", compare([arm("A")], [arm("B")], "nudge-strategy-2026")],
  ["month-to-month vs two year contracts", compare([mtm], [is("Contract", "Two year")])],
  ["compare premium plan vs free plan", compare([premium], [free])],
  ["compare the premium plan with the free plan", compare([premium], [free])],
  ["compare contract=Month-to-month and contract=Two year", compare([mtm], [is("Contract", "Two year")])],
  ["fiber optic vs DSL", compare([fiber], [is("InternetService", "DSL")])],
  [
    "compare churn risk of writers and marketers",
    compare([is("persona", "Writer")], [is("persona", "Marketer")]),
  ],
  ["difference between students and analysts", compare([student], [is("persona", "Analyst")])],
  ["compare students and the moon", "unsupported"],
  // Changes since an earlier snapshot.
  ["what changed since last week", since(7)],
  ["what's new since yesterday?", since(1)],
  ["what changed?", since(null)],
  ["what changed since the last snapshot", since(null)],
  ["changes since 2026-11-14", sinceDate("2026-11-14")],
  ["what changed since Nov 14, 2026", sinceDate("2026-11-14")],
  ["what has changed in the last 3 days", since(3)],
  ["what changed over the past 2 weeks?", since(14)],
  ["what's different since last month", since(30)],
  // Exports.
  ["export to csv", exportTop(null)],
  ["export the top at-risk list to csv", exportTop(null)],
  ["download the at-risk list as csv", exportTop(null)],
  ["top at-risk 50 band=High as csv", exportTop(50, high)],
  ["top at-risk 200 as csv", exportTop(200)],
  ["export segment contract", exportSegment("Contract")],
  ["export segment contract=Month-to-month", exportTop(null, mtm)],
  ["export the premium plan customers to a spreadsheet", exportTop(null, premium)],
  ["top 20 students as csv", exportTop(20, student)],
  ["export churn by persona to excel", exportSegment("persona")],
  // Segment follows and alerts (issue 20): the filters lists use, a band as a word.
  ["follow contract=Month-to-month High", followSegment([mtm], "High")],
  ["this channel follows contract=Month-to-month High", followSegment([mtm], "High", true)],
  ["follow month-to-month customers", followSegment([mtm], "High")],
  ["follow students who become high risk", followSegment([student], "High")],
  ["please follow premium plan customers in this channel", followSegment([premium], "High", true)],
  ["watch free plan customers entering medium", followSegment([free], "Medium")],
  ["alert me when contract=Month-to-month goes above 40%", alertSegment([mtm], "above", 40)],
  ["alert me when month-to-month customers move up 5 points", alertSegment([mtm], "moves-up", 5)],
  ["let me know if the mean risk of students goes over 0.35", alertSegment([student], "above", 35)],
  ["alert this channel when the premium plan goes above 30%", alertSegment([premium], "above", 30, true)],
  ["unfollow segment 2", { kind: "unfollow-segment", number: 2, filters: [], band: null }],
  ["remove segment alert #1", { kind: "unfollow-segment", number: 1, filters: [], band: null }],
  [
    "unfollow contract=Month-to-month High",
    { kind: "unfollow-segment", number: null, filters: [mtm], band: "High" },
  ],
  [
    "stop following month-to-month customers",
    { kind: "unfollow-segment", number: null, filters: [mtm], band: null },
  ],
  ["following", { kind: "following" }],
  ["what does this channel follow?", { kind: "following" }],
  // Not supported (yet): a suggestion, never a made-up answer.
  ["<https://x|click>", "unsupported"],
  ["thanks!", "unsupported"],
  ["what's the weather in Paris", "unsupported"],
  ["predict revenue for next quarter", "unsupported"],
  ["send this to my manager", "unsupported"],
  ["how many support tickets did we close last month", "unsupported"],
  ["what is the lifetime value of students", "unsupported"],
  ["how many customers will churn next month", "unsupported"],
  ["how many customers did we lose in 2023", "unsupported"],
  ["revenue at risk next quarter", "unsupported"],
  ["churn rate last year", "unsupported"],
  ["what's our NPS", "unsupported"],
  ["lol", "unsupported"],
  ["show me a chart of revenue", "unsupported"],
  ["how many customers in Paris", "unsupported"],
  ["how many customers love us", "unsupported"],
];

const ACCOUNTS: [string, ExpectedIntent | "unsupported"][] = [
  // Counts.
  ["how many customers?", count("customers")],
  ["how many accounts in Texas", count("customers", tx)],
  ["how many customers in TX", count("customers", tx)],
  ["how many customers are on the international plan", count("customers", intl)],
  ["how many customers on the international plan are high risk?", count("customers", intl, high)],
  ["how many high risk customers in California", count("customers", ca, high)],
  ["how many customers have a voice mail plan", count("customers", is("voice_mail_plan", 1))],
  ["how many customers without a voice mail plan", count("customers", is("voice_mail_plan", 0))],
  ["how many customers not on the international plan", count("customers", is("international_plan", 0))],
  ["how many customers in area code 415", count("customers", is("area_code", "415"))],
  ["how many customers with more than 3 customer service calls", count("customers", csc(">", 3))],
  ["how many customers with customer service calls>3", count("customers", csc(">", 3))],
  ["how many churned accounts in New York", count("customers", churned, is("state", "NY"))],
  ["number of accounts in Ohio", count("customers", is("state", "OH"))],
  ["how many customers in NJ are at risk", count("customers", is("state", "NJ"), high)],
  ["how many accounts do we have", count("customers")],
  ["how many low risk accounts in Florida", count("customers", is("band", "Low"), is("state", "FL"))],
  // Revenue at risk.
  ["revenue at risk", count("revenue-at-risk")],
  ["what's our revenue at risk in Texas", count("revenue-at-risk", tx)],
  ["revenue at risk on the international plan", count("revenue-at-risk", intl)],
  ["how much revenue is at risk in Florida?", count("revenue-at-risk", is("state", "FL"))],
  [
    "revenue at risk for customers with monthly fee>50",
    count("revenue-at-risk", cmp("monthly_fee", ">", 50)),
  ],
  ["revenue at risk for high-risk accounts", count("revenue-at-risk", high)],
  ["monthly revenue at risk in CA", count("revenue-at-risk", ca)],
  ["revenue at risk in Washington", count("revenue-at-risk", is("state", "WA"))],
  ["revenue at risk in area code 408", count("revenue-at-risk", is("area_code", "408"))],
  [":euro: how much revenue is at risk?", count("revenue-at-risk")],
  // Churn rates.
  ["churn rate of customers on the international plan", count("churn-rate", intl)],
  ["churn rate", count("churn-rate")],
  ["churn rate in Texas", count("churn-rate", tx)],
  [
    "what's the churn rate for accounts with a voice mail plan",
    count("churn-rate", is("voice_mail_plan", 1)),
  ],
  ["churn rate of customers with customer service calls>3", count("churn-rate", csc(">", 3))],
  ["average churn risk in Minnesota", count("mean-risk", is("state", "MN"))],
  ["predicted churn rate on the international plan", count("mean-risk", intl)],
  ["what percentage of accounts in NY churned", count("churn-rate", is("state", "NY"))],
  ["churn rate by state", segment("state")],
  ["churn rate by international plan", segment("international_plan")],
  // Ranking.
  ["which customers should I call today?", top(10)],
  ["who should I call first in Texas", top(10, tx)],
  ["top 10 at risk in California", top(10, ca)],
  ["top 5 at-risk on the international plan", top(5, intl)],
  ["top at-risk international plan=yes", top(10, intl)],
  ["top at-risk customer service calls>3", top(10, csc(">", 3))],
  ["who's at risk in NJ?", top(10, is("state", "NJ"))],
  ["riskiest accounts in Ohio", top(10, is("state", "OH"))],
  ["show me the riskiest customers", top(10)],
  ["top 20 at risk by probability", topBy("probability", 20)],
  ["top at-risk CA", top(10, ca)],
  ["top 10 at risk in area code 415", top(10, is("area_code", "415"))],
  ["which accounts in Florida should I call", top(10, is("state", "FL"))],
  ["top at-risk status=churned", top(10, churned)],
  ["who should I call with more than 3 customer service calls", top(10, csc(">", 3))],
  ["top at-risk calls>3", { kind: "unclear", mentions: ["customer service calls", "day calls"] }],
  ["how many customers with minutes>200", { kind: "unclear", mentions: ["day minutes", "night minutes"] }],
  ["🔥 who should I call today in New Jersey? 🔥", top(10, is("state", "NJ"))],
  [":phone: call list for Texas", top(10, tx)],
  // One customer.
  [ACCOUNT, customer(ACCOUNT)],
  [`why is ${ACCOUNT} at risk?`, customer(ACCOUNT)],
  [`<https://crm.example/a/${ACCOUNT}|${ACCOUNT}>`, customer(ACCOUNT)],
  [`drivers ${ACCOUNT}`, { kind: "drivers", customerID: ACCOUNT }],
  // Segments and help.
  ["segment state", segment("state")],
  ["churn by area code", segment("area_code")],
  ["by international plan", segment("international_plan")],
  ["help", { kind: "help" }],
  // Comparisons, changes, exports (issue 20).
  ["compare Texas and California", compare([tx], [ca])],
  ["TX vs CA", compare([tx], [ca])],
  ["international plan vs no international plan", compare([intl], [is("international_plan", 0)])],
  ["compare area code 415 and 408", compare([is("area_code", "415")], [is("area_code", "408")])],
  ["what changed since last week?", since(7)],
  ["what changed since yesterday", since(1)],
  ["export the list to csv", exportTop(null)],
  ["export customers in Texas as csv", exportTop(null, tx)],
  ["top at-risk 25 international plan=yes as csv", exportTop(25, intl)],
  ["export segment state", exportSegment("state")],
  // The asker's own accounts (issue 20).
  ["my top at-risk 3 in Texas", mine(top(3, tx))],
  ["who should I call first in my book", mine(top(10))],
  ["my revenue at risk in California", mine(count("revenue-at-risk", ca))],
  ["how many of my customers are on the international plan", mine(count("customers", intl))],
  ["export my accounts to csv", { ...exportTop(null), scope: "mine" } as ExpectedIntent],
  ["my accounts in Texas", mine(top(10, tx))],
  ["what changed in my accounts since last week?", { ...since(7), scope: "mine" } as ExpectedIntent],
  // Not supported (yet).
  ["revenue at risk next quarter", "unsupported"],
  ["how many customers will we lose next month", "unsupported"],
  ["how many customers in Paris", "unsupported"],
  ["how many customers in Georgia", "unsupported"],
  ["which sales rep has the most churn", "unsupported"],
  ["forecast churn for 2027", "unsupported"],
  ["how many customers in the premium plan", "unsupported"],
  ["churn rate of students", "unsupported"],
  // Segment follows and alerts (issue 20).
  ["follow Texas accounts", followSegment([tx], "High")],
  ["this channel follows international plan=yes High", followSegment([intl], "High", true)],
  ["follow high risk accounts on the international plan", followSegment([intl], "High")],
  ["watch customers in California that turn medium risk", followSegment([ca], "Medium")],
  ["alert me when customers in Texas move up 5 points", alertSegment([tx], "moves-up", 5)],
  ["alert this channel when international plan=yes goes above 35%", alertSegment([intl], "above", 35, true)],
  ["unfollow state=TX High", { kind: "unfollow-segment", number: null, filters: [tx], band: "High" }],
];

/**
 * Paraphrases the deterministic parser does not read (it answers them with a menu), with the
 * intent each means and what the fake LLM of the corpus test answers for it (as JSON, the way a
 * model writes it). Two LLM answers are wrong on purpose — prose, and a column the data does not
 * have — and must leave the menu, never another answer.
 */
const PARAPHRASES: [CorpusCatalog, string, ExpectedIntent | "unsupported", string | object][] = [
  [
    "simulated",
    "how are the premium folks doing next to the free ones",
    compare([premium], [free]),
    {
      kind: "compare",
      sides: [
        { label: "premium", filters: [{ column: "plan", op: "in", values: ["Premium"] }] },
        { label: "free", filters: [{ column: "plan", op: "in", values: ["Free"] }] },
      ],
    },
  ],
  [
    "simulated",
    "how many people are still on board",
    count("customers"),
    { kind: "count", measure: "customers" },
  ],
  [
    "simulated",
    "has anything moved since monday",
    since(null),
    { kind: "changes", since: { kind: "previous" } },
  ],
  [
    "simulated",
    "what's the damage if the analysts walk",
    count("revenue-at-risk", is("persona", "Analyst")),
    {
      kind: "count",
      measure: "revenue-at-risk",
      filters: [{ column: "persona", op: "in", values: ["analyst"] }],
    },
  ],
  [
    "simulated",
    "students or analysts, who's worse off",
    compare([student], [is("persona", "Analyst")]),
    {
      kind: "compare",
      sides: [
        { label: "students", filters: [{ column: "persona", op: "in", values: ["Student"] }] },
        { label: "analysts", filters: [{ column: "persona", op: "in", values: ["Analyst"] }] },
      ],
    },
  ],
  ["simulated", "list the folks nobody should lose", top(), { kind: "top-at-risk" }],
  [
    "simulated",
    "tell me how the fiber people look",
    count("mean-risk", fiber),
    {
      kind: "count",
      measure: "mean-risk",
      filters: [{ column: "InternetService", op: "in", values: ["Fiber optic"] }],
    },
  ],
  [
    "simulated",
    "which accounts are sliding toward the exit",
    top(),
    '```json\n{"kind":"top-at-risk","limit":10}\n```',
  ],
  [
    "simulated",
    "how do arm A and B compare?",
    compare([arm("A")], [arm("B")], "nudge-strategy-2026"),
    {
      kind: "compare",
      sides: [
        { label: "A", filters: [{ column: "variant", op: "in", values: ["A"] }] },
        { label: "B", filters: [{ column: "variant", op: "in", values: ["B"] }] },
      ],
    },
  ],
  [
    "simulated",
    "what's our churn outlook",
    "unsupported",
    "Churn looks stable at about 14% for next quarter.",
  ],
  [
    "simulated",
    "how loyal are the unicorn owners",
    "unsupported",
    {
      kind: "count",
      measure: "churn-rate",
      filters: [{ column: "unicorn", op: "in", values: ["yes"] }],
    },
  ],
  [
    "accounts",
    "how is the lone star state doing",
    count("mean-risk", tx),
    {
      kind: "count",
      measure: "mean-risk",
      filters: [{ column: "state", op: "in", values: ["TX"] }],
    },
  ],
  [
    "accounts",
    "international folks vs domestic",
    compare([intl], [is("international_plan", 0)]),
    {
      kind: "compare",
      sides: [
        { label: "international", filters: [{ column: "international plan", op: "in", values: ["yes"] }] },
        { label: "domestic", filters: [{ column: "international_plan", op: "in", values: ["no"] }] },
      ],
    },
  ],
  [
    "accounts",
    "the people calling support nonstop, how many",
    count("customers", csc(">=", 4)),
    {
      kind: "count",
      measure: "customers",
      filters: [{ column: "number_customer_service_calls", op: ">=", value: 4 }],
    },
  ],
  [
    "accounts",
    "how much cash is wobbling in jersey",
    count("revenue-at-risk", is("state", "NJ")),
    {
      kind: "count",
      measure: "revenue-at-risk",
      filters: [{ column: "state", op: "in", values: ["NJ"] }],
    },
  ],
];

/** What the corpus test's fake LLM answers, by catalogue and question as sent. */
export const LLM_ANSWERS: ReadonlyMap<string, string> = new Map(
  PARAPHRASES.map(([catalog, text, , answer]) => [
    `${catalog}:${text}`,
    typeof answer === "string" ? answer : JSON.stringify(answer),
  ]),
);

/** Every phrasing of the corpus, demo first, then the paraphrases only an LLM reads. */
export const PHRASING_CORPUS: readonly Phrasing[] = [
  ...DEMO.map(([text, expect]) => ({ text, catalog: "simulated" as const, expect })),
  ...ACCOUNTS.map(([text, expect]) => ({ text, catalog: "accounts" as const, expect })),
  ...PARAPHRASES.map(([catalog, text, expect]) => ({ text, catalog, expect })),
];
