import { MAX_MESSAGE_LENGTH } from "./assemble-nudge.ts";
import type { ContractNudgeCondition, ContractNudgeRule } from "./contract-nudge-rule.ts";
import type { NudgeChannel } from "./nudge.ts";
import type { DriverFact } from "./nudge-facts.ts";
import { offerableWhatIfs } from "./offerable-what-ifs.ts";
import { quotableDrivers } from "./quotable-drivers.ts";

const mediumOrHigh: ContractNudgeCondition = {
  id: "medium-or-high-risk",
  text: "Medium or High risk (offers and a CSM's time are not spent on Low-risk customers)",
  test: (f) => f.band !== "Low",
};

/** The longest message that fits: naming two drivers, then one, then none. */
function fitting(drivers: readonly DriverFact[], build: (followUp: string) => string): string {
  for (let n = drivers.length; n > 0; n--) {
    const text = build(
      ` and to go over your account: ${drivers
        .slice(0, n)
        .map((d) => d.words)
        .join("; ")}`,
    );
    if (text.length <= MAX_MESSAGE_LENGTH) return text;
  }
  return build("");
}

// Action phrases are the team's words for what it does ("offer a voice mail plan", "switch to a
// one-year contract"); turned to the customer, an "offer …" becomes "offer you …".
function offerSentence(action: string): string {
  const words = action.trim().replace(/[.!]+$/, "");
  const offer = /^offer\s+(?:you\s+)?(.+)$/i.exec(words);
  if (offer) return `We'd like to offer you ${offer[1]}.`;
  return `We'd like to help you ${/^[A-Z][a-z]/.test(words) ? words[0].toLowerCase() + words.slice(1) : words}.`;
}

const SET_UP: Record<NudgeChannel, string> = {
  "csm-call": "",
  email: " Reply to this e-mail and we'll set it up for you.",
  "in-app": " Tap here to set it up.",
};

/**
 * The generic nudge catalogue: three rules that any table's contract supports, exactly one of
 * which applies to any customer (tried in this order).
 * - `offer-what-if`: Medium or High risk and a contract action worth offering — offer the one that
 *   removes the most risk; High risk gets a call from the CSM (who also goes over the other
 *   top drivers), Medium an e-mail.
 * - `csm-check-in`: Medium or High risk with nothing to offer (no actions declared, none applies,
 *   or none helps enough) — the CSM checks in about the top drivers: a call at High risk, an
 *   e-mail at Medium.
 * - `stay-in-touch`: Low risk — a light in-app note with no offer. Not an e-mail and not a call:
 *   a CS team spends no offers and no one's time on customers who are likely to stay, and does not
 *   crowd their inbox; an in-app note keeps in touch and asks for feedback at no cost.
 * Messages use only the contract's action and driver words and never add a number.
 */
export const CONTRACT_NUDGE_CATALOGUE: readonly ContractNudgeRule[] = [
  {
    id: "offer-what-if",
    title: (offer) => (offer ? `Best action: ${offer.action}` : "Offer the best action"),
    offers: true,
    purpose: "offer the customer the change from eligibleActions that would help them most",
    channels: { High: "csm-call", Medium: "email", Low: "email" },
    conditions: [
      mediumOrHigh,
      {
        id: "offerable-action",
        text: "a contract action lowers this customer's risk enough to offer (on a column that is not simulated)",
        test: (f) => offerableWhatIfs(f).offers.length > 0,
      },
    ],
    message: (f, offer, channel) => {
      // Only a custom catalogue can reach an offering rule with nothing to offer.
      if (!offer) return "We'd like to hear how things are going with your account.";
      const opening = offerSentence(offer.action);
      if (channel !== "csm-call") return `${opening}${SET_UP[channel]}`;
      return fitting(
        quotableDrivers(f, offer),
        (followUp) => `${opening} Your account manager will call to talk it through${followUp}.`,
      );
    },
  },
  {
    id: "csm-check-in",
    title: () => "Check in on what raises risk",
    offers: false,
    purpose:
      "nothing to offer: the customer-success team checks in to hear how things are going, about the drivers that raise risk",
    channels: { High: "csm-call", Medium: "email", Low: "email" },
    conditions: [
      mediumOrHigh,
      {
        id: "no-offerable-action",
        text: "no contract action is worth offering this customer",
        test: (f) => offerableWhatIfs(f).offers.length === 0,
      },
    ],
    message: (f, _offer, channel) =>
      fitting(quotableDrivers(f), (followUp) => {
        switch (channel) {
          case "csm-call":
            return `Your account manager will call to hear how things are going${followUp}.`;
          case "email":
            return `Your account manager would like to hear how things are going${followUp}. Just reply to this e-mail.`;
          case "in-app":
            return `We'd like to hear how things are going${followUp}. Tap here to tell us.`;
        }
      }),
  },
  {
    id: "stay-in-touch",
    title: () => "Stay in touch",
    offers: false,
    purpose: "low risk: a light, friendly note with no offer and nothing the customer has to do",
    channels: { High: "in-app", Medium: "in-app", Low: "in-app" },
    conditions: [{ id: "low-risk", text: "Low risk", test: (f) => f.band === "Low" }],
    message: (_f, _offer, channel) =>
      channel === "email"
        ? "Thanks for being with us! If there's anything we could do better, just reply to this e-mail."
        : channel === "csm-call"
          ? "Your account manager is calling to say thanks for being with us, and to hear what we could do better."
          : "Thanks for being with us! If there's anything we could do better, tap here to tell us.",
  },
];
