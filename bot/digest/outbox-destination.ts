import { createHash, randomUUID } from "node:crypto";
import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import type { DigestDestination } from "./digest-destination.ts";
import { slotKey } from "./ledger.ts";
import { renderDigestMarkdown } from "./render-markdown.ts";

/**
 * The outbox: each digest as `<dir>/<schedule>/<slot>.md` with its chart beside it
 * (`<slot>-risk-distribution.png`, or `<slot>-risk-distribution.txt` — the chart's table — when the
 * image was refused). The default destination, needing no credentials. Names are deterministic per
 * (schedule, slot) and every file is written to a temporary name and renamed, so a run repeated
 * after a crash rewrites the same files rather than adding a second digest.
 *
 * `under` adds a folder below the schedule's (a per-owner digest: `<dir>/<schedule>/<owner-slug>/<slot>.md`).
 *
 * @example
 * const outbox = outboxDestination("data/outbox");
 * await outbox.deliver({ report, chart, claim }); // { messageRef: "data/outbox/weekly/2026-07-06T07-00-00Z.md" }
 */
export function outboxDestination(dir: string, options: { under?: string } = {}): DigestDestination {
  const key = `outbox-${createHash("sha256").update(resolve(dir)).digest("hex").slice(0, 10)}`;
  return {
    key,
    type: "outbox",
    label: `outbox ${dir}`,
    async deliver({ report, chart, claim }) {
      const folder = join(dir, report.schedule, ...(options.under ? [options.under] : []));
      await mkdir(folder, { recursive: true });
      const base = slotKey(report.slot);
      const png = `${base}-risk-distribution.png`;
      const txt = `${base}-risk-distribution.txt`;
      await claim.fence();
      if (chart.kind === "png") {
        await writeAtomic(join(folder, png), chart.png);
        await rm(join(folder, txt), { force: true });
      } else {
        await writeAtomic(join(folder, txt), `${chart.text}\n`);
        await rm(join(folder, png), { force: true });
      }
      const markdown = renderDigestMarkdown(
        report,
        chart.kind === "png"
          ? { kind: "image", file: png, alt: chart.alt }
          : { kind: "text", text: chart.text, alt: chart.alt },
      );
      const path = join(folder, `${base}.md`);
      await writeAtomic(path, markdown);
      return { messageRef: path, note: chart.kind === "text" ? `chart as text: ${chart.reason}` : undefined };
    },
  };
}

async function writeAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = `${path}.${randomUUID()}.tmp`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
}
