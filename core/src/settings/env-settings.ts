import type { z } from "zod";

/** What `readEnvSettings` found: the parsed settings, or one problem per bad setting. */
export type EnvSettings<S extends z.ZodObject> =
  | { ok: true; settings: z.infer<S>; present: Record<string, string> }
  | { ok: false; problems: string[]; present: Record<string, string> };

/**
 * Reads the settings a zod object schema declares from the environment, the one way every
 * composition root does it (the CLI's run and insight settings, the server, the digests): empty
 * strings mean "not set", as in a copied .env.example; every bad setting becomes one problem line
 * `NAME=<value>: <what is wrong>`, with the value of a secret shown as "(hidden)". `present` is
 * what was set, for settings a caller parses further itself.
 *
 * @example
 * const read = readEnvSettings(schema, process.env, new Set(["LLM_API_KEY"]));
 * if (!read.ok) throw new SettingsError(`invalid configuration: ${read.problems.join("; ")}`);
 */
export function readEnvSettings<S extends z.ZodObject>(
  schema: S,
  env: NodeJS.ProcessEnv,
  secrets: ReadonlySet<string> = new Set(),
): EnvSettings<S> {
  const present = Object.fromEntries(
    Object.entries(env).filter(
      (e): e is [string, string] => e[0] in schema.shape && e[1] !== undefined && e[1].trim() !== "",
    ),
  );
  const parsed = schema.safeParse(present);
  if (parsed.success) return { ok: true, settings: parsed.data, present };
  const problems = parsed.error.issues.map((issue) => {
    const key = String(issue.path[0]);
    const shown = secrets.has(key) ? "(hidden)" : JSON.stringify(env[key]);
    // Lower-case the first letter only ("Invalid input" → "invalid input"): names, IDs and
    // abbreviations inside a message keep their case.
    const message = issue.message.charAt(0).toLowerCase() + issue.message.slice(1);
    return `${key}=${shown}: ${message}`;
  });
  return { ok: false, problems, present };
}
