import { MAX_ACTION_NOTE_LENGTH } from "../../core/src/store/index.ts";
import type { ReplyAction } from "../conversation/index.ts";
import type { CardElement, SubmitData } from "./reply-card.ts";

/** The id of the offer's text field: the "Log offer" button's question is completed by its value. */
export const OFFER_INPUT_ID = "offerText";

/**
 * The customer card's offer field (an Input.Text, at most 500 characters), when the reply offers
 * "Log offer"; nothing otherwise. Teams sends every input of a card with any button's data, so
 * only the button naming the field (`append`, see `offerSubmit`) reads it.
 */
export function offerInput(actions: readonly ReplyAction[]): CardElement[] {
  if (!actions.some((a) => a.id === "offer")) return [];
  return [
    {
      type: "Input.Text",
      id: OFFER_INPUT_ID,
      label: "Log an offer",
      placeholder: "What was offered, e.g. 20% off for 3 months",
      maxLength: MAX_ACTION_NOTE_LENGTH,
      spacing: "Medium",
    },
  ];
}

/** "Log offer": an Action.Submit asking "offer <id>" completed by the offer field's text. */
export function offerSubmit(action: ReplyAction): CardElement {
  const data: SubmitData = { question: action.value, append: OFFER_INPUT_ID };
  return { type: "Action.Submit", title: action.label, data };
}
