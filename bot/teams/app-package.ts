import { readSettings, SERVER_SETTINGS } from "../../core/src/settings/index.ts";
import { DEFAULT_TEAMS_DEVELOPER, TEAMS_SETTINGS } from "./teams-settings.ts";
import { zipArchive } from "./zip-archive.ts";

/** The values a manifest's `${{NAME}}` placeholders take. */
export interface AppPackageValues {
  /** The bot's Microsoft App ID (`bots[0].botId`). */
  MICROSOFT_APP_ID: string;
  /** The Teams app's own ID (`id`); usually the same GUID. */
  TEAMS_APP_ID: string;
  /** https://… where the server is reached (developer links). */
  PUBLIC_URL: string;
  /** Its host name (`validDomains`: chart images and downloads). */
  PUBLIC_HOSTNAME: string;
  DEVELOPER_NAME: string;
}

/**
 * The package's values from the same settings the server reads (`MicrosoftAppId`,
 * `ENGAGETRACK_PUBLIC_URL`), plus `ENGAGETRACK_TEAMS_APP_ID` and `ENGAGETRACK_TEAMS_DEVELOPER`;
 * throws one message listing every missing or bad setting.
 *
 * @example
 * appPackageValuesFrom({ MicrosoftAppId: "6f1c…", ENGAGETRACK_PUBLIC_URL: "https://et.example.com" });
 */
export function appPackageValuesFrom(env: NodeJS.ProcessEnv): AppPackageValues {
  const { MicrosoftAppId, ENGAGETRACK_TEAMS_APP_ID, ENGAGETRACK_TEAMS_DEVELOPER } = TEAMS_SETTINGS.settings;
  const { ENGAGETRACK_PUBLIC_URL } = SERVER_SETTINGS.settings;
  const read = readSettings(env, {
    MicrosoftAppId,
    ENGAGETRACK_TEAMS_APP_ID,
    ENGAGETRACK_PUBLIC_URL,
    ENGAGETRACK_TEAMS_DEVELOPER,
  });
  const problems: string[] = read.ok ? [] : [...read.problems];
  const c = read.ok ? read.settings : undefined;
  const appId = c?.MicrosoftAppId;
  if (read.present.MicrosoftAppId === undefined)
    problems.push("MicrosoftAppId: required (the bot's Microsoft App ID, a GUID)");
  const teamsAppId = c?.ENGAGETRACK_TEAMS_APP_ID ?? appId;
  const publicUrl = c?.ENGAGETRACK_PUBLIC_URL?.replace(/\/+$/, "");
  let host: string | undefined;
  if (read.present.ENGAGETRACK_PUBLIC_URL === undefined)
    problems.push("ENGAGETRACK_PUBLIC_URL: required (the https address Teams reaches the bot at)");
  else if (publicUrl) {
    const url = new URL(publicUrl);
    if (url.protocol === "https:") host = url.hostname;
    else
      problems.push(
        `ENGAGETRACK_PUBLIC_URL=${JSON.stringify(publicUrl)}: must be an https URL (Teams loads images and links over https only)`,
      );
  }
  const developer = c?.ENGAGETRACK_TEAMS_DEVELOPER ?? DEFAULT_TEAMS_DEVELOPER;
  if (problems.length > 0 || !appId || !teamsAppId || !publicUrl || !host)
    throw new Error(`cannot build the teams app package:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
  return {
    MICROSOFT_APP_ID: appId,
    TEAMS_APP_ID: teamsAppId,
    PUBLIC_URL: publicUrl,
    PUBLIC_HOSTNAME: host,
    DEVELOPER_NAME: developer,
  };
}

/**
 * The manifest with every `${{NAME}}` placeholder filled (values JSON-escaped); throws naming a
 * placeholder it has no value for.
 */
export function fillManifest(template: string, values: AppPackageValues): string {
  const filled = template.replace(/\$\{\{([A-Z_]+)\}\}/g, (_m, key: string) => {
    const value = (values as unknown as Record<string, string | undefined>)[key];
    if (value === undefined) throw new Error(`manifest placeholder has no value: \${{${key}}}`);
    return JSON.stringify(value).slice(1, -1);
  });
  JSON.parse(filled);
  return filled;
}

/**
 * The Teams app package to sideload: a zip of manifest.json (placeholders filled), color.png and
 * outline.png at its root, byte-for-byte the same for the same inputs.
 *
 * @example
 * const zip = teamsAppPackage({ manifest, color, outline, values: appPackageValuesFrom(process.env) });
 */
export function teamsAppPackage(input: {
  manifest: string;
  color: Uint8Array;
  outline: Uint8Array;
  values: AppPackageValues;
}): Buffer {
  return zipArchive([
    { name: "manifest.json", data: Buffer.from(fillManifest(input.manifest, input.values), "utf8") },
    { name: "color.png", data: input.color },
    { name: "outline.png", data: input.outline },
  ]);
}
