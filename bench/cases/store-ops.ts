/**
 * What the shared store costs: the time to open it (engine start + migrations) and the latency of
 * the operations on request paths (Slack de-duplication, a rate-limit token, a nudge-cooldown
 * claim), one at a time, as a request would.
 */
import { chooseRuleNudge } from "../../core/src/nudges/index.ts";
import { openStore, storeCooldowns, type StoreOptions } from "../../core/src/store/index.ts";
import { facts } from "../../core/test/nudges/facts.ts";
import { median } from "../harness.ts";

const OPS = 2_000;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

/** One run: open, then OPS of each operation; metrics in milliseconds. */
export async function measureStore(options: StoreOptions): Promise<Record<string, number>> {
  const t0 = performance.now();
  const store = await openStore({ ...options, sweepMs: 0 });
  const openMs = performance.now() - t0;
  const cooldowns = storeCooldowns(store.sql, store.replica);
  const nudge = chooseRuleNudge(facts(), { experimentKey: "k", trigger: "login" });
  const time = async (op: (i: number) => unknown) => {
    const ms: number[] = [];
    for (let i = 0; i < OPS; i++) {
      const t = performance.now();
      await op(i);
      ms.push(performance.now() - t);
    }
    return ms;
  };
  try {
    const seen = await time((i) => store.firstSeen("slack-event", `Ev${i}`, 300_000));
    const tokens = await time((i) => store.takeToken("api", `api:key${i % 10}`, 1_000_000));
    const claims = await time((i) =>
      cooldowns.claim(`C-${i % 200}`, { nudge, shownAt: Date.now(), event: "login" }, 60_000),
    );
    return {
      openMs,
      firstSeenP50: median(seen),
      firstSeenP99: quantile(seen, 0.99),
      takeTokenP50: median(tokens),
      takeTokenP99: quantile(tokens, 0.99),
      cooldownClaimP50: median(claims),
      cooldownClaimP99: quantile(claims, 0.99),
    };
  } finally {
    await store.close();
  }
}
