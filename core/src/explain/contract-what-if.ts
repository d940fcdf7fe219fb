/**
 * What-if actions from the dataset contract: the single changes a team can offer a customer (the
 * contract's `actions`), each scored with everything else held equal. For the `telco` and
 * `simulated` presets these are exactly today's `feasibleChanges`.
 */
import {
  contractFeature,
  type ContractAction,
  type ContractCondition,
  type ContractFeature,
  type DatasetContract,
} from "../data/dataset-contract.ts";
import {
  booleanValue,
  fillPhrase,
  formatContractValue,
  isMissingValue,
  phraseKey,
} from "./describe-contract-value.ts";

/** One change a team can offer: the column, the value it would take (as a cell), and the words. */
export interface ContractChange {
  column: string;
  /** The new cell: category text, 1/0 for a boolean, a number. */
  to: string | number;
  /** The action in words: "switch to a one-year contract". */
  action: string;
}

/** One feasible single change and its effect on the calibrated churn probability. */
export interface ContractWhatIf {
  column: string;
  /** The current and new value as shown ("Month-to-month", "€29.85", "yes"). */
  from: string;
  to: string;
  action: string;
  /** Calibrated probability before and after the change. */
  before: number;
  after: number;
  /** after − before (negative = lowers risk). */
  delta: number;
}

/** A customer's value as the text conditions compare: category text, "true"/"false", a number's digits. */
function conditionText(f: ContractFeature | undefined, value: unknown): string | undefined {
  if (isMissingValue(value)) return undefined;
  if (f?.type === "boolean") {
    const b = booleanValue(value);
    if (b !== undefined) return String(b);
  }
  return String(value);
}

function holds(
  contract: DatasetContract,
  customer: Readonly<Record<string, unknown>>,
  w: ContractCondition,
): boolean {
  const text = conditionText(contractFeature(contract, w.column), customer[w.column]);
  // A missing value is in no list (so `in` fails and `notIn` holds).
  if (w.in && (text === undefined || !w.in.includes(text))) return false;
  if (w.notIn && text !== undefined && w.notIn.includes(text)) return false;
  return true;
}

/** The values an action moves this customer to (as cells), never the current one. */
function targets(f: ContractFeature, a: ContractAction, current: unknown): Array<string | number> {
  if (f.type === "category") {
    const out: string[] = [];
    const values = f.values ?? [];
    if (a.upward) {
      const at = isMissingValue(current) ? -1 : values.indexOf(String(current));
      if (at >= 0) out.push(...values.slice(at + 1));
    }
    for (const t of a.towards ?? []) if (!out.includes(t)) out.push(t);
    return out.filter((t) => t !== current);
  }
  if (f.type === "boolean") {
    const now = booleanValue(current);
    return (a.towards ?? [])
      .map((t) => (t === "true" ? 1 : 0))
      .filter((t, i, all) => all.indexOf(t) === i && (now === undefined || t !== (now ? 1 : 0)));
  }
  if (f.type === "number" || f.type === "integer") {
    if (a.by === undefined || typeof current !== "number" || Number.isNaN(current)) return [];
    const lo = Math.max(a.min ?? -Infinity, typeof f.min === "number" ? f.min : -Infinity);
    const hi = Math.min(a.max ?? Infinity, typeof f.max === "number" ? f.max : Infinity);
    let to = Math.min(hi, Math.max(lo, current + a.by));
    if (f.type === "integer") to = Math.round(to);
    // Clamping may only shorten the step, never turn it around (3 calls, min 5, by -2 is no action).
    if (to === current || Math.sign(to - current) !== Math.sign(a.by)) return [];
    return [to];
  }
  return [];
}

function actionWords(
  contract: DatasetContract,
  f: ContractFeature,
  a: ContractAction,
  from: unknown,
  to: string | number,
): string {
  const key = phraseKey(f, to);
  if (a.phrases && Object.hasOwn(a.phrases, key)) return a.phrases[key];
  const shown = (v: unknown) => (isMissingValue(v) ? "missing" : formatContractValue(contract, f, v));
  return fillPhrase(a.phrase, { to: shown(to), from: shown(from), label: f.label ?? f.column }, Number(to));
}

/**
 * The changes the contract's actions allow for this customer: only where every `when` condition
 * holds, never to the value the customer already has, numbers stepped by `by` within the bounds.
 *
 * @example
 * contractFeasibleChanges(presetContract("telco"), { Contract: "One year", ... });
 * // [{ column: "Contract", to: "Two year", action: "switch to a two-year contract" }, ...]
 */
export function contractFeasibleChanges(
  contract: DatasetContract,
  customer: Readonly<Record<string, unknown>>,
): ContractChange[] {
  const out: ContractChange[] = [];
  for (const a of contract.actions) {
    const f = contractFeature(contract, a.column);
    if (!f) continue;
    if (!(a.when ?? []).every((w) => holds(contract, customer, w))) continue;
    const current = customer[a.column];
    for (const to of targets(f, a, current))
      out.push({ column: a.column, to, action: actionWords(contract, f, a, current, to) });
  }
  return out;
}

/**
 * Scores every feasible single change and returns those that lower risk by at least
 * `minReduction` (default 0.005), largest reduction first, ties by action. `score` returns
 * calibrated probabilities for a list of customers (in-memory trees or ONNX).
 *
 * @example
 * const actions = await contractWhatIf(contract, customer, (cs) => model.probabilities(cs));
 * actions[0].action; // "switch to a one-year contract"
 */
export async function contractWhatIf<C extends Readonly<Record<string, unknown>>>(
  contract: DatasetContract,
  customer: C,
  score: (customers: C[]) => Promise<ArrayLike<number>> | ArrayLike<number>,
  options: { minReduction?: number } = {},
): Promise<ContractWhatIf[]> {
  const candidates = contractFeasibleChanges(contract, customer);
  const variants = candidates.map((k) => ({ ...customer, [k.column]: k.to }) as C);
  const p = await score([customer, ...variants]);
  const before = p[0];
  const minReduction = options.minReduction ?? 0.005;
  const shown = (column: string, v: unknown) => {
    const f = contractFeature(contract, column)!;
    return isMissingValue(v) ? "missing" : formatContractValue(contract, f, v);
  };
  return candidates
    .map((k, i) => ({
      column: k.column,
      from: shown(k.column, customer[k.column]),
      to: shown(k.column, k.to),
      action: k.action,
      before,
      after: p[i + 1],
      delta: p[i + 1] - before,
    }))
    .filter((w) => w.delta <= -minReduction)
    .sort((a, b) => a.delta - b.delta || a.action.localeCompare(b.action));
}
