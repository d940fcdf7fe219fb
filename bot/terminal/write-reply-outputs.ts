import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import type { ChartRenderer } from "../../core/src/charts/server.ts";
import { chartSpec, type Reply } from "../conversation/index.ts";

/** Where CSV exports are written unless the session says otherwise. */
export const DEFAULT_EXPORTS_DIR = "data/outbox/exports";

/** Where a reply's charts and files went: a PNG path, or the text table when the image was refused. */
export interface ReplyOutputs {
  charts: (
    | { id: string; kind: "png"; path: string; alt: string; width: number; height: number }
    | { id: string; kind: "text"; text: string; alt: string; reason: string }
  )[];
  files: { name: string; path: string; bytes: number }[];
}

/**
 * Draws each chart request of a reply to `<dir>/<id>.png` (core's renderer: Plot → SVG → resvg →
 * PNG, then the blank-chart guard; a refused image comes back as its text table) and writes each
 * attached file to `<dir>/<name>` — a CSV export to `<exportsDir>/<name>` instead. The directory is created if missing; names are made file-safe.
 *
 * @example
 * const out = await writeReplyOutputs(reply, "data/charts", createChartRenderer());
 * out.charts[0]; // { id: "shap-waterfall-7590-VHVEG", kind: "png", path: "data/charts/shap-waterfall-7590-VHVEG.png", … }
 */
export async function writeReplyOutputs(
  reply: Reply,
  dir: string,
  renderer: ChartRenderer,
  exportsDir: string = DEFAULT_EXPORTS_DIR,
): Promise<ReplyOutputs> {
  const out: ReplyOutputs = { charts: [], files: [] };
  if (reply.charts.length === 0 && reply.files.length === 0) return out;
  if (reply.charts.length > 0 || reply.files.some((f) => !f.export)) await mkdir(dir, { recursive: true });
  for (const request of reply.charts) {
    const rendered = await renderer.png(chartSpec(request));
    if (rendered.kind === "text") {
      out.charts.push({
        id: request.id,
        kind: "text",
        text: rendered.text,
        alt: rendered.alt,
        reason: rendered.reason,
      });
      continue;
    }
    const path = join(dir, `${fileSafe(request.id)}.png`);
    await writeFile(path, rendered.png);
    out.charts.push({
      id: request.id,
      kind: "png",
      path,
      alt: rendered.alt,
      width: rendered.width,
      height: rendered.height,
    });
  }
  for (const file of reply.files) {
    // CSV exports go to the exports folder (an outbox others may collect), charts and summaries beside the charts.
    if (file.export) await mkdir(exportsDir, { recursive: true });
    const path = join(file.export ? exportsDir : dir, fileSafe(file.name));
    await writeFile(path, file.content);
    out.files.push({ name: file.name, path, bytes: Buffer.byteLength(file.content) });
  }
  return out;
}

/** Letters, digits, "-", "_" and "." only, never leading "." (no hidden files, no path tricks). */
export function fileSafe(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9_.-]/g, "_").replace(/^\.+/, "_");
  return safe.slice(0, 120) || "_";
}
