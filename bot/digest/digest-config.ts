/**
 * The digests config file (data/digests.json, or ENGAGETRACK_DIGESTS): schedules — a cron
 * expression in a time zone — and where each sends its digest. Validated with zod; errors name the
 * file and the field.
 */
import { readFile } from "node:fs/promises";
import { z } from "zod";
import { cronSchedule } from "../../core/src/digest/index.ts";
import { DEFAULT_DIGESTS_FILE } from "../../core/src/settings/index.ts";

/** Where the committed default config lives (relative to the working directory). */
export { DEFAULT_DIGESTS_FILE };

const NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

const destinationSchema = z.discriminatedUnion("type", [
  /** Markdown plus PNG files under `dir` (default the outbox folder, data/outbox). */
  z.strictObject({ type: z.literal("outbox"), dir: z.string().min(1).optional() }),
  z.strictObject({
    type: z.literal("slack"),
    channel: z.string().regex(/^[CGD][A-Z0-9]{2,30}$/, "a Slack channel ID such as C0123ABCD"),
  }),
  z.strictObject({
    type: z.literal("teams"),
    /** A conversation the Teams bot has a stored reference for (it was added to it). */
    conversationId: z.string().min(1).max(512),
  }),
]);

const scheduleSchema = z
  .strictObject({
    name: z.string().regex(NAME, "lowercase letters, digits and dashes (at most 63)"),
    cron: z.string().min(1),
    timeZone: z.string().min(1),
    destinations: z.array(destinationSchema).min(1),
    /**
     * "owner": each owner in the contract's owner column gets a digest of their own customers, in a
     * Slack DM or their personal Teams chat (the owners file, ENGAGETRACK_OWNERS_FILE), or, when
     * no chat is configured, in the outbox (`destinations` then holds just the outbox).
     */
    per: z.literal("owner").optional(),
    /** Customers listed as newly high-risk and as movers (default 5). */
    topN: z.number().int().min(1).max(50).optional(),
    /** Base URL of the notebooks' host for links; default ENGAGETRACK_PUBLIC_URL. */
    notebookBaseUrl: z.url({ protocol: /^https?$/ }).optional(),
    /** The experiment whose status line the digest carries; default the first declared. */
    experiment: z.string().min(1).optional(),
  })
  .superRefine((s, ctx) => {
    const other = s.destinations.findIndex((d) => d.type !== "outbox");
    if (s.per === "owner" && other >= 0) {
      ctx.addIssue({
        code: "custom",
        path: ["destinations", other],
        message:
          'a per-owner schedule sends each owner their digest in their own chat: give only { "type": "outbox" } (where owners go when no chat is configured)',
      });
    }
    try {
      cronSchedule(s.cron, s.timeZone);
    } catch (err) {
      const message = (err as Error).message;
      ctx.addIssue({
        code: "custom",
        path: [message.startsWith("invalid time zone") ? "timeZone" : "cron"],
        message,
      });
    }
  });

export const digestConfigSchema = z
  .strictObject({ schedules: z.array(scheduleSchema) })
  .superRefine((c, ctx) => {
    const seen = new Set<string>();
    c.schedules.forEach((s, i) => {
      if (seen.has(s.name)) {
        ctx.addIssue({
          code: "custom",
          path: ["schedules", i, "name"],
          message: `duplicate schedule name ${JSON.stringify(s.name)}`,
        });
      }
      seen.add(s.name);
    });
  });

export type DigestConfig = z.output<typeof digestConfigSchema>;
export type DigestSchedule = DigestConfig["schedules"][number];
export type DestinationConfig = DigestSchedule["destinations"][number];

/**
 * Validates a parsed digests config; the error names `source` and the first bad field.
 *
 * @example
 * parseDigestConfig({ schedules: [{ name: "weekly", cron: "0 8 * * 1", timeZone: "Europe/London",
 *   destinations: [{ type: "outbox" }] }] }, "data/digests.json");
 */
export function parseDigestConfig(value: unknown, source: string): DigestConfig {
  const parsed = digestConfigSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid digests config ${source}: ${issue.path.join(".") || "root"}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The schedule used when the default digests file (`data/digests.json`) does not exist — a workspace
 * outside this repository, a fresh volume: weekly, Monday 08:00 London time, top 5, to the local
 * outbox. A file named explicitly (ENGAGETRACK_DIGESTS) must exist.
 */
export const DEFAULT_DIGEST_CONFIG: DigestConfig = parseDigestConfig(
  {
    schedules: [
      {
        name: "weekly",
        cron: "0 8 * * 1",
        timeZone: "Europe/London",
        destinations: [{ type: "outbox" }],
        topN: 5,
      },
    ],
  },
  "the built-in default",
);

/** Whether a digests file that is missing falls back to `DEFAULT_DIGEST_CONFIG`: only at the default path. */
export const digestFileMissing = (path: string): "default" | "error" =>
  path === DEFAULT_DIGESTS_FILE ? "default" : "error";

/**
 * Reads and validates a digests config file (JSON). A missing file gives `DEFAULT_DIGEST_CONFIG`
 * when `missing: "default"`; otherwise, and for unreadable JSON or invalid fields, it throws naming
 * the file.
 *
 * @example
 * const config = await readDigestConfig("data/digests.json");
 * config.schedules[0].cron; // "0 8 * * 1"
 */
export async function readDigestConfig(
  path: string = DEFAULT_DIGESTS_FILE,
  options: { missing?: "default" | "error" } = {},
): Promise<DigestConfig> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT" && options.missing === "default") return DEFAULT_DIGEST_CONFIG;
    throw new Error(
      `cannot read digests config ${path}: ${code === "ENOENT" ? "no such file" : (err as Error).message}`,
      {
        cause: err,
      },
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`invalid digests config ${path}: not JSON (${(err as Error).message})`, { cause: err });
  }
  return parseDigestConfig(json, path);
}
