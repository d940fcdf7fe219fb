/**
 * Debian's Chromium driven by playwright-core, headless and quiet: no sandbox (tests run as root
 * in CI), no GPU, no background networking, component updates, sync or first-run requests, and a
 * fresh profile per launch. `CHROMIUM` overrides the executable path.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";

export const CHROMIUM_PATH = process.env.CHROMIUM || "/usr/bin/chromium";

/** Why browser tests cannot run here, or null when they can. */
export function chromiumMissing(): string | null {
  return existsSync(CHROMIUM_PATH)
    ? null
    : `no Chromium at ${CHROMIUM_PATH} (apt-get install -y chromium, or set CHROMIUM)`;
}

export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-default-apps",
  "--disable-extensions",
  "--metrics-recording-only",
  "--mute-audio",
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** A persistent context on a fresh temporary profile (deleted on close). */
export async function launchChromium(options: { width?: number; height?: number } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), "engagetrack-chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: options.width ?? 1280, height: options.height ?? 900 },
    acceptDownloads: true,
    timezoneId: "UTC",
    locale: "en-US",
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}

/** Lets the context reach only this machine (127.0.0.1, data: and blob: URLs); records and aborts the rest. */
export async function keepOnMachine(context: BrowserContext, offMachine: string[]): Promise<void> {
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.protocol === "data:" || url.protocol === "blob:") {
      return route.fallback();
    }
    offMachine.push(url.href);
    return route.abort();
  });
}

/** A new page that records its console errors, page errors, failed requests and 4xx/5xx responses. */
export async function watchedPage(context: BrowserContext, path: string, problems: string[]): Promise<Page> {
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${path}: console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${path}: page error: ${e.message}`));
  page.on("requestfailed", (r) =>
    problems.push(`${path}: request failed: ${r.url()} ${r.failure()?.errorText}`),
  );
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`${path}: ${r.status()} ${r.url()}`);
  });
  return page;
}
