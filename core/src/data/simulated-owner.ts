import { mixHash32 } from "./stable-hash.ts";

/**
 * The account owners of the simulator's customers: invented customer-success managers (every
 * simulated value is marked as simulated wherever it is shown). `data/demo-owners.yaml` maps the
 * same names to chat users for the demo.
 */
export const SIMULATED_OWNERS = [
  { owner: "Dana Whitfield", email: "dana.whitfield@example.com" },
  { owner: "Marcus Okafor", email: "marcus.okafor@example.com" },
  { owner: "Priya Raman", email: "priya.raman@example.com" },
  { owner: "Tomás Herrera", email: "tomas.herrera@example.com" },
  { owner: "Leah Goldberg", email: "leah.goldberg@example.com" },
  { owner: "Kenji Watanabe", email: "kenji.watanabe@example.com" },
] as const;

/** The simulated file's owner column (the `simulated` preset's `owner:`); never a model input. */
export const SIMULATED_OWNER_COLUMN = "accountOwner";

/** Shares of the accounts, in SIMULATED_OWNERS order: books are uneven, as real ones are. */
const BOOK_WEIGHTS = [0.22, 0.2, 0.18, 0.16, 0.14, 0.1];
/** Salt of the owner's hash, apart from the row's random stream so no other simulated value moves. */
const OWNER_STREAM = 0x0a11;

/**
 * The owner of simulated row `index` under `seed`: one hash of (seed, index), so the same seed gives
 * the same owners, any row can be regenerated on its own, and the other columns are untouched.
 *
 * @example
 * simulatedOwner(0, 2026); // e.g. "Priya Raman", the same on every run
 */
export function simulatedOwner(index: number, seed: number): string {
  let u = mixHash32(OWNER_STREAM, seed, index) / 4294967296;
  for (let i = 0; i < BOOK_WEIGHTS.length - 1; i++) {
    if (u < BOOK_WEIGHTS[i]) return SIMULATED_OWNERS[i].owner;
    u -= BOOK_WEIGHTS[i];
  }
  return SIMULATED_OWNERS[BOOK_WEIGHTS.length - 1].owner;
}
