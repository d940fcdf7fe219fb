import type { DatasetContractInput } from "./dataset-contract.ts";
import type { ContractDraft } from "./draft-contract.ts";
import { displaySafe } from "./display-safe.ts";

export interface RenderContractOptions {
  /** Where the contract will be written: the header then names the exact `data validate` command. */
  contractPath?: string;
}

/** Comment lines wrap here (keys and values never do). */
const WIDTH = 100;
/** Objects written on one line, `{ true: [...], false: [...] }`; every other object is a block. */
const FLOW_OBJECTS = new Set(["boolean", "missing"]);
/** Top-level keys in the order of the schema (and the shipped presets). */
const KEY_ORDER = [
  "contract",
  "name",
  "description",
  "simulated",
  "id",
  "label",
  "revenue",
  "owner",
  "segments",
  "features",
  "actions",
  "exclude",
  "experiment",
  "simulate",
];

/**
 * Renders a drafted contract as a YAML file meant to be read and edited: a header saying where it
 * came from and what to check first, each guess's note as a comment above the key it explains, and
 * a commented example of `actions` (none are guessed). No date goes in, so the same draft renders
 * to the same bytes; the text parses back (`parseDatasetContractText`) to the draft's contract.
 *
 * @example
 * await writeFile("accounts.yaml", renderContractYaml(draft, { contractPath: "accounts.yaml" }));
 */
export function renderContractYaml(draft: ContractDraft, options: RenderContractOptions = {}): string {
  const { contract, sample } = draft;
  const out: string[] = [];
  const how =
    sample.method === "all"
      ? `${count(sample.sampled)} rows (the whole file)`
      : `a seeded sample of ${count(sample.sampled)} of its ${count(sample.rows)} rows`;
  out.push(
    ...comment(
      "",
      `Dataset contract for ${sample.file}, drafted by \`engagetrack data init\` from ${how}. ` +
        "Every guess is explained in a comment above its key: check each one and edit what is wrong.",
    ),
    ...comment(
      "",
      "No feature has a max: the range seen in the sample is in its comment, and a later file may go beyond it.",
    ),
    "# Then check the file against it:",
    displaySafe(
      `#   engagetrack data validate ${shellWord(sample.file)} --dataset ${options.contractPath ? shellWord(options.contractPath) : "<this file>"}`,
      { singleLine: true },
    ),
  );
  if (draft.warnings.length > 0) {
    out.push("#", "# Check first:");
    for (const w of draft.warnings) out.push(...comment("", w, "- "));
  }
  const notes = new Map<string, string[]>();
  for (const k of draft.keyed) notes.set(k.key, [...(notes.get(k.key) ?? []), `${k.subject}: ${k.text}`]);
  const above = (key: string, indent: string) => (notes.get(key) ?? []).flatMap((n) => comment(indent, n));

  // Keys in the schema's order; a role the draft left out (no label, no owner) still gets its note.
  const top = contract as Record<string, unknown>;
  const keys = [...KEY_ORDER, ...Object.keys(top).filter((k) => !KEY_ORDER.includes(k))];
  for (const key of keys) {
    const value = top[key];
    if (key === "features") out.push(...above("leakage", ""));
    out.push(...above(key, ""));
    if (key === "actions" && value === undefined) out.push(...actionsExample(contract));
    if (value === undefined) continue;
    if (key === "features" || key === "exclude") {
      out.push(`${key}:`);
      for (const item of value as Array<{ column: string }>) {
        out.push(...above(`${key}.${item.column}`, "  "));
        out.push(...listItem(item, "  "));
      }
    } else out.push(...entry(key, value, ""));
  }
  return `${out.join("\n")}\n`;
}

/** `key: value` (one line when it fits), or `key:` and a block below. */
function entry(key: string, value: unknown, indent: string): string[] {
  const inline = inlineValue(value, FLOW_OBJECTS.has(key));
  const head = `${indent}${scalar(key)}:`;
  const trailing =
    key === "currency" ? "  # assumed: change to your currency's ISO 4217 code (EUR, GBP, …)" : "";
  if (inline !== undefined && head.length + 1 + inline.length <= WIDTH)
    return [`${head} ${inline}${trailing}`];
  if (Array.isArray(value))
    return [
      head,
      ...value.flatMap((v) => (isObject(v) ? listItem(v, `${indent}  `) : [`${indent}  - ${scalar(v)}`])),
    ];
  if (isObject(value))
    return [
      head,
      ...Object.entries(value).flatMap(([k, v]) => (v === undefined ? [] : entry(k, v, `${indent}  `))),
    ];
  return [`${head} ${scalar(value)}`];
}

/** One `- key: value` item of a list of objects, its other keys indented below. */
function listItem(item: object, indent: string): string[] {
  const lines = Object.entries(item).flatMap(([k, v]) => (v === undefined ? [] : entry(k, v, `${indent}  `)));
  lines[0] = `${indent}- ${lines[0].slice(indent.length + 2)}`;
  return lines;
}

/** The value on one line: scalars, lists of scalars, and (for `flowObject`) flat objects. */
function inlineValue(value: unknown, flowObject: boolean): string | undefined {
  if (Array.isArray(value))
    return value.every((v) => !isObject(v) && !Array.isArray(v))
      ? `[${value.map(scalar).join(", ")}]`
      : undefined;
  if (isObject(value)) {
    if (!flowObject) return undefined;
    const parts: string[] = [];
    for (const [k, v] of Object.entries(value)) {
      if (v === undefined) continue;
      const inner = inlineValue(v, false);
      if (inner === undefined) return undefined;
      parts.push(`${scalar(k)}: ${inner}`);
    }
    return `{ ${parts.join(", ")} }`;
  }
  return scalar(value);
}

/** Words YAML 1.1 readers take for booleans or null: always quoted, whatever the parser. */
const RESERVED = new Set([
  "y",
  "n",
  "yes",
  "no",
  "true",
  "false",
  "on",
  "off",
  "null",
  "nan",
  "inf",
  "infinity",
]);

/** A YAML scalar: plain when it cannot be misread (in block or flow context), else double-quoted. */
function scalar(value: unknown): string {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  const text = String(value);
  if (/^[A-Za-z][A-Za-z0-9_ ./()+-]*$/.test(text) && !text.endsWith(" ") && !RESERVED.has(text.toLowerCase()))
    return text;
  // eslint-disable-next-line no-control-regex -- escaping control characters is the point
  return `"${text.replace(/[\\"\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/g, (c) =>
    c === "\\" ? "\\\\" : c === '"' ? '\\"' : `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  )}"`;
}

/** A commented, valid example of `actions` built from the draft's own features. */
function actionsExample(contract: DatasetContractInput): string[] {
  // A yes/no or category to move towards, and an amount to change (revenue first: a discount).
  const choice =
    contract.features.find((f) => f.type === "boolean") ??
    contract.features.find((f) => f.type === "category");
  const amount =
    contract.features.find(
      (f) => f.column === contract.revenue?.column && (f.type === "integer" || f.type === "number"),
    ) ?? contract.features.find((f) => f.type === "integer" || f.type === "number");
  const lines: string[] = [];
  if (choice) {
    const words = inSentence(choice.label ?? choice.column);
    const target = choice.type === "boolean" ? "true" : choice.values!.at(-1)!;
    lines.push(
      `  - column: ${scalar(choice.column)}`,
      `    towards: [${scalar(target)}]`,
      `    phrase: ${scalar(choice.type === "boolean" ? `add ${words}` : `switch ${words} to {to}`)}`,
    );
  }
  if (amount) {
    const words = inSentence(amount.label ?? amount.column);
    lines.push(
      `  - column: ${scalar(amount.column)}`,
      "    by: -1",
      ...(amount.min !== undefined ? [`    min: ${scalar(amount.min)}`] : []),
      `    phrase: ${scalar(`lower ${words} to {to}`)}`,
    );
  }
  if (lines.length === 0) return [];
  return [
    ...comment(
      "",
      "What your team can change for a customer, one entry per lever: the what-if answers try these.",
    ),
    ...comment("", "Uncomment and edit, for example:"),
    "# actions:",
    ...lines.map((l) => `# ${l}`),
  ];
}

/** A label inside a sentence: "Monthly fee" → "monthly fee"; "MRR" and "ID number" stay. */
function inSentence(label: string): string {
  return /^[A-Z][a-z]/.test(label) ? label[0].toLowerCase() + label.slice(1) : label;
}

/** A comment, wrapped at WIDTH; `bullet` starts the first line and indents the rest. */
function comment(indent: string, text: string, bullet = ""): string[] {
  const words = displaySafe(text, { singleLine: true }).split(" ").filter(Boolean);
  const lines: string[] = [];
  let line = `${indent}# ${bullet}`;
  const hang = `${indent}# ${" ".repeat(bullet.length)}`;
  let empty = true;
  for (const word of words) {
    if (!empty && line.length + 1 + word.length > WIDTH) {
      lines.push(line);
      line = hang;
      empty = true;
    }
    line += empty ? word : ` ${word}`;
    empty = false;
  }
  lines.push(line.trimEnd());
  return lines;
}

/** A path as a shell word: plain when safe, else single-quoted. */
function shellWord(text: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
