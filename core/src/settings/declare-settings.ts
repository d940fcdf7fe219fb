import { z } from "zod";
import { readEnvSettings } from "./env-settings.ts";
import { SettingsError } from "./settings-error.ts";

/**
 * One environment setting: its zod schema (with its default, or optional), a one-line description
 * and whether its value is secret (then never echoed in a message). The variable's name is the key
 * it is declared under.
 */
export interface Setting<T extends z.ZodType = z.ZodType> {
  readonly schema: T;
  readonly doc: string;
  readonly secret?: boolean;
  /**
   * The documentation's default column when the schema has no default of its own (a default computed
   * elsewhere, e.g. from another setting): the text between the backticks or the `*(…)*` note.
   */
  readonly shownDefault?: string;
}

/** Settings by variable name. */
export type Settings = Readonly<Record<string, Setting>>;

/** The parsed values of some settings, by variable name. */
export type SettingsOf<D extends Settings> = { [K in keyof D]: z.output<D[K]["schema"]> };

/** A named group of settings (paths, store, server, slack…) and the file whose table documents them. */
export interface SettingsSection<D extends Settings = Settings> {
  readonly name: string;
  /** The Markdown file (from the repository root) whose settings table has one row per setting. */
  readonly docs: string;
  readonly settings: D;
}

/** Declares one setting. */
export function setting<T extends z.ZodType>(
  schema: T,
  doc: string,
  options: { secret?: boolean; shownDefault?: string } = {},
): Setting<T> {
  return { schema, doc, ...options };
}

/**
 * Declares a section of settings.
 *
 * @example
 * const PATHS = declareSettings("paths", "README.md", {
 *   ENGAGETRACK_MODEL_DIR: setting(z.string().min(1).default("models/demo"), "Where the model is."),
 * });
 */
export function declareSettings<D extends Settings>(
  name: string,
  docs: string,
  settings: D,
): SettingsSection<D> {
  return { name, docs, settings };
}

/** What `readSettings` found: the parsed values, or one problem line per bad setting. */
export type ReadSettings<D extends Settings> =
  | { ok: true; settings: SettingsOf<D>; present: Record<string, string> }
  | { ok: false; problems: string[]; present: Record<string, string> };

/**
 * Reads the given settings (one section's, or several spread together) from the environment, the
 * one way every composition root does: empty strings mean "not set"; each bad setting becomes one
 * problem `NAME=<value>: <what is wrong>`, a secret's value shown as "(hidden)".
 *
 * @example
 * const read = readSettings(process.env, { ...PATH_SETTINGS.settings, ...STORE_SETTINGS.settings });
 */
export function readSettings<D extends Settings>(env: NodeJS.ProcessEnv, settings: D): ReadSettings<D> {
  const shape = Object.fromEntries(Object.entries(settings).map(([name, s]) => [name, s.schema]));
  const secrets = new Set(Object.keys(settings).filter((name) => settings[name].secret));
  const read = readEnvSettings(z.object(shape), env, secrets);
  return read as ReadSettings<D>;
}

/**
 * `readSettings`, throwing a `SettingsError` (`invalid configuration: a; b`) when any setting is bad.
 */
export function parseSettings<D extends Settings>(env: NodeJS.ProcessEnv, settings: D): SettingsOf<D> {
  const read = readSettings(env, settings);
  if (!read.ok) throw new SettingsError(`invalid configuration: ${read.problems.join("; ")}`);
  return read.settings;
}

/** The declared default of a setting (undefined when it has none). */
export function defaultOf(s: Setting): unknown {
  const parsed = s.schema.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}
