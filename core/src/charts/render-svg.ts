import * as Plot from "@observablehq/plot";
import { JSDOM } from "jsdom";
import type { ChartSpec } from "./chart-spec.ts";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Renders chart specs to standalone SVG text on the server (Node only: uses jsdom). */
export interface SvgRenderer {
  /** The chart as an SVG document string, with `xmlns` and the given font family. */
  render(spec: ChartSpec): string;
}

export interface SvgRendererOptions {
  /** CSS font family written into the SVG (default "DejaVu Sans", the font the PNG renderer loads). */
  fontFamily?: string;
}

/**
 * A renderer with one jsdom document, reused for every chart (creating a DOM costs far more than
 * a chart). Plot's SVG lacks `xmlns`, which standalone SVG needs; the serializer adds it.
 *
 * @example
 * const svg = createSvgRenderer().render(riskDistribution(data));
 * svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"'); // true
 */
export function createSvgRenderer(options: SvgRendererOptions = {}): SvgRenderer {
  const { window } = new JSDOM("<!DOCTYPE html><body></body>");
  const document = window.document;
  const serializer = new window.XMLSerializer();
  const fontFamily = options.fontFamily ?? "DejaVu Sans";
  return {
    render(spec) {
      const style = typeof spec.plot.style === "object" ? spec.plot.style : {};
      const node = Plot.plot({ ...spec.plot, style: { ...style, fontFamily }, document });
      if (node.tagName.toLowerCase() !== "svg") {
        // Plot wraps the SVG in a <figure> when given a title, caption or legend: specs must not.
        throw new Error(
          `chart ${spec.name} did not render to a single svg (got <${node.tagName.toLowerCase()}>)`,
        );
      }
      node.setAttribute("font-family", fontFamily);
      const css = node.getAttribute("style");
      if (css) node.setAttribute("style", quoteFontFamilies(css));
      const text = serializer.serializeToString(node);
      return text.includes(`xmlns="${SVG_NS}"`) ? text : text.replace(/^<svg/, `<svg xmlns="${SVG_NS}"`);
    },
  };
}

/**
 * Writes the family names of a style attribute's `font-family` that hold spaces as quoted strings
 * (`font-family: "DejaVu Sans"`), as browsers serialize them. jsdom 31 writes them bare
 * (`font-family: DejaVu Sans`); jsdom 29 quoted them: the SVG must not depend on the jsdom version.
 */
function quoteFontFamilies(css: string): string {
  return css.replace(/(^|;\s*)font-family:\s*([^;]*)/, (_, lead: string, families: string) => {
    const quoted = families
      .split(",")
      .map((f) => f.trim())
      .map((f) => (/\s/.test(f) && !/^["']/.test(f) ? `"${f.replace(/["\\]/g, "\\$&")}"` : f));
    return `${lead}font-family: ${quoted.join(", ")}`;
  });
}
