import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { accountsWorkspace, type AccountsWorkspace } from "../fixtures/accounts-workspace.ts";

let ws: AccountsWorkspace;
beforeAll(async () => {
  ws = await accountsWorkspace();
}, 60_000);
afterAll(() => ws?.close());

describe("accountsWorkspace", () => {
  it("scores the accounts table in its own terms: the contract travels with the snapshot", () => {
    expect(ws.snapshot.size).toBe(1500);
    expect(ws.snapshot.dataset).toEqual(ws.contract);
    expect(ws.snapshot.revenue).toEqual({ column: "monthly_fee", currency: "EUR" });
    expect(ws.snapshot.idColumn).toBe("account_id");
    const s = ws.snapshot.summary();
    expect(s.churned).toBeGreaterThan(0);
    expect(s.customers + s.churned).toBe(1500);
    expect(s.bands.Low + s.bands.Medium + s.bands.High).toBe(s.customers);
    expect(ws.snapshot.manifest.bands).toEqual(s.bands);
  });
});
