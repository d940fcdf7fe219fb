/* global document */
// One chart on a page: a chart spec (core's chart definitions, or ours with the same shape:
// { name, title, alt, table?, plot }) drawn by Observable Plot, with its alt text and text table.
import * as Plot from "@observablehq/plot";

/**
 * The spec as a <figure data-chart="name">: the SVG carries the spec's alt text as its label; the
 * text table (the words chat clients get instead of the image) sits in a closed <details>. Core's
 * charts draw their title inside the SVG; ours (`heading: true`) get it as a heading above.
 */
export function chartFigure(spec) {
  const svg = Plot.plot(spec.plot);
  svg.setAttribute("role", "img");
  svg.setAttribute("aria-label", spec.alt);
  const figure = document.createElement("figure");
  figure.className = "et-chart";
  figure.dataset.chart = spec.name;
  if (spec.heading) {
    const h = document.createElement("h3");
    h.textContent = spec.title;
    figure.append(h);
  }
  figure.append(svg);
  if (spec.table && spec.table.rows.length) figure.append(tableDetails(spec.table));
  return figure;
}

function tableDetails(table) {
  const details = document.createElement("details");
  const summary = document.createElement("summary");
  summary.textContent = "Show as a table";
  const t = document.createElement("table");
  const head = t.createTHead().insertRow();
  table.columns.forEach((c, i) => {
    const th = document.createElement("th");
    th.textContent = c;
    th.style.textAlign = table.align[i] ?? "left";
    head.append(th);
  });
  const body = t.createTBody();
  for (const row of table.rows) {
    const tr = body.insertRow();
    row.forEach((cell, i) => {
      const td = tr.insertCell();
      td.textContent = cell;
      td.style.textAlign = table.align[i] ?? "left";
    });
  }
  details.append(summary, t);
  return details;
}

/** JSON has no NaN: segment statistics of empty segments arrive as null and the charts expect NaN. */
export function segmentBarsFromJson(bars) {
  return bars.map((b) => ({ ...b, meanProbability: b.meanProbability ?? NaN }));
}
