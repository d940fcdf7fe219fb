/**
 * Who owns which accounts: the optional owners file (`ENGAGETRACK_OWNERS_FILE`) maps values of the
 * dataset contract's owner column to the people who hold them in chat, names the leads who see
 * every account, and says whether access follows ownership. Pure once loaded: no lookups here; the
 * Slack and Teams edges find a user's e-mail and pass it in.
 *
 * ```yaml
 * owners:
 *   - owner: Dana Whitfield        # a value of the owner column, exactly as in the data
 *     email: dana@example.com      # matched (case-insensitively) with the Slack / Teams profile e-mail
 *     slack: U0123ABCD             # optional: Slack user ID
 *     teams: 6f0c…                 # optional: Teams/Entra (AAD) object id
 * leads: [lead@example.com, U0999LEAD]
 * access: all                      # all (default) | owners
 * ```
 */
import { CodedError } from "../../core/src/errors/index.ts";
import { readFile } from "node:fs/promises";
import { isMap, LineCounter, parseDocument, type Document } from "yaml";
import { z } from "zod";

/** The setting that names the owners file. */
export const OWNERS_FILE_SETTING = "ENGAGETRACK_OWNERS_FILE";

/**
 * `all`: everyone sees every account, "my …" questions use the mapping. `owners`: an owner sees
 * only their own accounts, leads see all, anyone else is refused.
 */
export type OwnerAccess = "all" | "owners";

/** How a chat user is known: any of these may be missing. */
export interface ChatIdentity {
  slackUserId?: string;
  /** Teams/Entra (AAD) object id (`activity.from.aadObjectId`). */
  teamsAadId?: string;
  /** The profile e-mail (Slack `users.info`, Teams conversation member). */
  email?: string;
}

/** The asker's owner value (as spelled in the data) or null, and whether they are a lead. */
export interface OwnerResolution {
  owner: string | null;
  lead: boolean;
}

/** Where an owner can be reached (per-owner digests). */
export interface OwnerDestinations {
  slack?: string;
  teams?: string;
  email?: string;
}

/** One mapped owner, as written in the file. */
export interface OwnerEntry {
  owner: string;
  email?: string;
  slack?: string;
  teams?: string;
}

export interface OwnerDirectory {
  readonly access: OwnerAccess;
  /** The owners file it was read from; undefined when none is configured. */
  readonly file?: string;
  readonly owners: readonly OwnerEntry[];
  /**
   * The asker's owner value and lead status. `ownerValues` are the owner column's values in the
   * data: an entry's owner is returned in the data's spelling, and (with or without a file) a
   * profile e-mail that is itself an owner value makes its holder that owner. Nobody is guessed.
   *
   * @example
   * directory.resolve({ slackUserId: "U0123ABCD" }, ["Dana Whitfield"]); // { owner: "Dana Whitfield", lead: false }
   */
  resolve(identity: ChatIdentity, ownerValues: Iterable<string>): OwnerResolution;
  /**
   * Where an owner (a value of the owner column) is reached: the file's entry, or, without one, the
   * owner value itself when it is an e-mail address.
   *
   * @example
   * directory.destinationsFor("Dana Whitfield"); // { slack: "U0123ABCD", email: "dana@example.com" }
   */
  destinationsFor(owner: string): OwnerDestinations;
}

/** The owners file is missing or wrong; the message is one sentence naming the file, line and field. */
export class OwnerDirectoryError extends CodedError<"bad-owners-file"> {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super("bad-owners-file", message, options);
    this.name = "OwnerDirectoryError";
    this.file = file;
  }
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

const entrySchema = z
  .object({
    owner: z.string().trim().min(1, "must not be empty"),
    email: z.string().trim().regex(EMAIL, "not an e-mail address").optional(),
    slack: z
      .string()
      .trim()
      .regex(/^[UW][A-Z0-9]{2,}$/, "not a Slack user ID (U… or W…, from the member's profile)")
      .optional(),
    teams: z
      .string()
      .trim()
      .regex(/^[0-9A-Za-z-]{8,}$/, "not a Teams/Entra object id")
      .optional(),
  })
  .strict()
  .refine((e) => e.email !== undefined || e.slack !== undefined || e.teams !== undefined, {
    message: "needs an email, slack or teams to know the owner by",
  });

const fileSchema = z
  .object({
    owners: z.array(entrySchema).default([]),
    leads: z.array(z.string().trim().min(1, "must not be empty")).default([]),
    access: z.enum(["all", "owners"]).default("all"),
  })
  .strict();

/**
 * Reads the owners file (`ENGAGETRACK_OWNERS_FILE`), or, with no path, the directory that maps only
 * e-mails equal to owner values (access `all`). Throws {@link OwnerDirectoryError}.
 *
 * @example
 * const directory = await loadOwnerDirectory(process.env.ENGAGETRACK_OWNERS_FILE);
 */
export async function loadOwnerDirectory(path: string | undefined): Promise<OwnerDirectory> {
  if (path === undefined || path.trim() === "") return createOwnerDirectory([], [], "all");
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "was not found" : `cannot be read (${code ?? "error"})`;
    throw new OwnerDirectoryError(
      path,
      `owners file ${JSON.stringify(path)} (${OWNERS_FILE_SETTING}) ${why}`,
      {
        cause,
      },
    );
  }
  return parseOwnerDirectory(text, path);
}

/** {@link loadOwnerDirectory} for text already in memory; `file` names it in errors. */
export function parseOwnerDirectory(text: string, file: string): OwnerDirectory {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const where = `owners file ${JSON.stringify(file)}`;
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = lines.linePos(e.pos[0]).line;
    throw new OwnerDirectoryError(
      file,
      `${where}, line ${line}: not valid YAML (${e.code.toLowerCase().replaceAll("_", " ")})`,
    );
  }
  const value: unknown = doc.toJS() ?? {};
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new OwnerDirectoryError(file, `${where}, line 1: expected a mapping with owners, leads and access`);
  const result = fileSchema.safeParse(value);
  const fail = (path: PropertyKey[], message: string): never => {
    const line = lineOf(doc, lines, path);
    throw new OwnerDirectoryError(file, `${where}, line ${line}, ${keyPath(path)}: ${message}`);
  };
  if (!result.success) {
    const issue = result.error.issues[0];
    fail(issue.path, issueMessage(issue));
  }
  const parsed = result.data!;
  // One owner per person and one entry per owner, or resolve and destinationsFor would have to pick.
  const seenOwners = new Map<string, number>();
  const seenIds = new Map<string, string>();
  parsed.owners.forEach((entry, i) => {
    const key = entry.owner.toLowerCase();
    if (seenOwners.has(key)) fail(["owners", i, "owner"], `${JSON.stringify(entry.owner)} is listed twice`);
    seenOwners.set(key, i);
    for (const field of ["email", "slack", "teams"] as const) {
      const id = entry[field];
      if (id === undefined) continue;
      const k = `${field}:${id.toLowerCase()}`;
      const other = seenIds.get(k);
      if (other !== undefined)
        fail(["owners", i, field], `${JSON.stringify(id)} is already mapped to ${JSON.stringify(other)}`);
      seenIds.set(k, entry.owner);
    }
  });
  return createOwnerDirectory(parsed.owners, parsed.leads, parsed.access, file);
}

function createOwnerDirectory(
  owners: readonly OwnerEntry[],
  leads: readonly string[],
  access: OwnerAccess,
  file?: string,
): OwnerDirectory {
  const fold = (s: string) => s.trim().toLowerCase();
  const leadSet = new Set(leads.map(fold));
  const byId = new Map<string, OwnerEntry>();
  for (const entry of owners) {
    if (entry.slack) byId.set(`slack:${fold(entry.slack)}`, entry);
    if (entry.teams) byId.set(`teams:${fold(entry.teams)}`, entry);
    if (entry.email) byId.set(`email:${fold(entry.email)}`, entry);
  }
  const byOwner = new Map(owners.map((e) => [fold(e.owner), e]));
  return {
    access,
    ...(file !== undefined && { file }),
    owners,
    resolve(identity, ownerValues) {
      const keys = [
        identity.slackUserId && `slack:${fold(identity.slackUserId)}`,
        identity.teamsAadId && `teams:${fold(identity.teamsAadId)}`,
        identity.email && `email:${fold(identity.email)}`,
      ].filter((k): k is string => Boolean(k));
      const lead = [identity.slackUserId, identity.teamsAadId, identity.email].some(
        (id) => id !== undefined && id !== "" && leadSet.has(fold(id)),
      );
      const values = new Map<string, string>();
      for (const v of ownerValues) if (!values.has(fold(v))) values.set(fold(v), v);
      const entry = keys.map((k) => byId.get(k)).find((e) => e !== undefined);
      if (entry) return { owner: values.get(fold(entry.owner)) ?? entry.owner, lead };
      const email = identity.email && EMAIL.test(identity.email.trim()) ? fold(identity.email) : undefined;
      const owner = email !== undefined ? (values.get(email) ?? null) : null;
      return { owner, lead };
    },
    destinationsFor(owner) {
      const entry = byOwner.get(fold(owner));
      if (entry)
        return {
          ...(entry.slack !== undefined && { slack: entry.slack }),
          ...(entry.teams !== undefined && { teams: entry.teams }),
          ...(entry.email !== undefined && { email: entry.email }),
        };
      return EMAIL.test(owner.trim()) ? { email: owner.trim() } : {};
    },
  };
}

/** The line of the node at `path`, or of its nearest parent that exists (a missing key). */
function lineOf(doc: Document, lines: LineCounter, path: PropertyKey[]): number {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as unknown[], true);
    const range = (node as { range?: [number, number, number] } | null | undefined)?.range;
    if (range && (n > 0 || isMap(node))) return lines.linePos(range[0]).line;
  }
  return 1;
}

function keyPath(path: PropertyKey[]): string {
  if (path.length === 0) return "(top level)";
  return path
    .map((p, i) => (typeof p === "number" ? `[${p}]` : i === 0 ? String(p) : `.${String(p)}`))
    .join("");
}

function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === "unrecognized_keys")
    return `unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => JSON.stringify(k)).join(", ")}`;
  if (issue.code === "invalid_value")
    return `expected one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  if (issue.code === "invalid_type" && issue.input === undefined)
    return `missing (expected ${issue.expected})`;
  if (issue.code === "custom" || issue.code === "invalid_format") return issue.message;
  return issue.message
    .replace(/^Invalid input: /, "")
    .replace(/^Too small: /, "")
    .toLowerCase();
}
