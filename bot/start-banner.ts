/** What the start banner says. */
export interface BannerInfo {
  url: string;
  /** The serving snapshot, or the reason there is none. */
  serving: { snapshotId: string; rows: number; model: string } | { reason: string };
  /** Names of the configured API keys (never the keys). */
  keyNames: readonly string[];
  /** A customer of the snapshot, for the examples. */
  sampleCustomer?: string;
  /** A signed chart link for that customer. */
  chartUrl?: string;
  chartTtlSeconds: number;
  pollSeconds: number;
  /** One line per surface and what it does now ("Notebooks: http://…/notebooks/"). */
  surfaces?: readonly string[];
}

/**
 * The lines printed when the server starts: where it listens, what it serves, and curl commands to
 * try it. Keys are never printed: the examples read the key from ENGAGETRACK_API_KEYS in the shell.
 *
 * @example
 * process.stderr.write(startBanner({ url, serving, keyNames: ["shop"], chartTtlSeconds: 86400, pollSeconds: 30 }));
 */
export function startBanner(info: BannerInfo): string {
  const { url } = info;
  const id = info.sampleCustomer ?? "<customerID>";
  const lines = [`EngageTrack server listening on ${url}`];
  if ("reason" in info.serving) {
    lines.push(`  not ready yet: ${info.serving.reason}`);
    if (info.pollSeconds > 0)
      lines.push(`  (the server checks for a new snapshot every ${info.pollSeconds} s; no restart needed)`);
  } else {
    const s = info.serving;
    lines.push(`  serving snapshot ${s.snapshotId} (${s.rows} customers) scored by model ${s.model}`);
  }
  if (info.surfaces?.length) lines.push("", ...info.surfaces.map((s) => `  ${s}`));
  lines.push("", "Try it:", `  curl ${url}/readyz`, `  curl ${url}/metrics | grep engagetrack_`);
  const auth = '-H "Authorization: Bearer $KEY"';
  // The shell line that sets $KEY from ENGAGETRACK_API_KEYS ("name:key,…"): the examples never print a key.
  const keyLine = (name: string) =>
    `KEY=$(printf %s "$ENGAGETRACK_API_KEYS" | tr , '\\n' | sed -n 's/^${name}://p')   # the key named ${name}`;
  if (info.keyNames.length > 0) {
    const name = info.keyNames[0];
    lines.push(
      `  ${keyLine(name)}`,
      `  curl ${auth} ${url}/v1/customers/${id}`,
      `  curl ${auth} -H 'Content-Type: application/json' -d '{"customerID":"${id}","event":"login"}' ${url}/v1/nudges`,
    );
  } else {
    lines.push(
      "  The /v1 API (nudges, customers) refuses every request until API keys are set, e.g.:",
      `    export ENGAGETRACK_API_KEYS="dev:$(node -e 'console.log(require("crypto").randomBytes(16).toString("hex"))')"`,
      "    and restart; then, in that shell:",
      `    ${keyLine("dev")}`,
      `    curl ${auth} ${url}/v1/customers/${id}`,
    );
  }
  if (info.chartUrl) {
    const hours = Math.round((info.chartTtlSeconds / 3600) * 10) / 10;
    lines.push(`  SHAP waterfall of ${id} (signed link, valid ${hours} h):`, `    ${info.chartUrl}`);
  }
  return `${lines.join("\n")}\n`;
}
