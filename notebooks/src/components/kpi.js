/* global document */
// A headline number in a card: title, the number, and a line of context.

export function kpi(title, value, sub = "") {
  const card = document.createElement("div");
  card.className = "card et-kpi";
  const h = document.createElement("h2");
  h.textContent = title;
  const big = document.createElement("div");
  big.className = "big";
  big.textContent = value;
  card.append(h, big);
  if (sub) {
    const s = document.createElement("div");
    s.className = "sub";
    s.textContent = sub;
    card.append(s);
  }
  return card;
}
