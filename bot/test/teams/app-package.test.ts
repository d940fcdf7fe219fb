// The Teams app package: manifest placeholders, icons as Teams requires them, the zip to sideload.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { decodePng, encodePng } from "../../../core/src/charts/server.ts";
import { appIcon, APP_ICON_SIZES } from "../../teams/app-icons.ts";
import { appPackageValuesFrom, fillManifest, teamsAppPackage } from "../../teams/app-package.ts";

const DIR = join(import.meta.dirname, "../../teams/appPackage");
const template = readFileSync(join(DIR, "manifest.json"), "utf8");
const APP_ID = "6f1c2a3b-4d5e-4f60-8a7b-9c0d1e2f3a4b";
const env = { MicrosoftAppId: APP_ID, ENGAGETRACK_PUBLIC_URL: "https://engage.example.com/" };

describe("Teams app package", () => {
  it("the manifest template names the bot by placeholders only, with the scopes and commands Teams shows", () => {
    expect(template).toContain('"botId": "${{MICROSOFT_APP_ID}}"');
    expect(template).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i);
    const m = JSON.parse(fillManifest(template, appPackageValuesFrom(env)));
    expect(m).toMatchObject({
      manifestVersion: "1.17",
      id: APP_ID,
      icons: { color: "color.png", outline: "outline.png" },
      bots: [{ botId: APP_ID, scopes: ["personal", "team", "groupChat"] }],
      validDomains: ["engage.example.com"],
      developer: { websiteUrl: "https://engage.example.com" },
    });
    const commands = m.bots[0].commandLists[0].commands as Array<{ title: string; description: string }>;
    expect(commands.map((c) => c.title)).toEqual(["help", "top at-risk", "segment", "experiment"]);
    // Teams' limits: command title 32, description 128; short name 30, short description 80.
    for (const c of commands) {
      expect(c.title.length).toBeLessThanOrEqual(32);
      expect(c.description.length).toBeLessThanOrEqual(128);
    }
    expect(m.name.short.length).toBeLessThanOrEqual(30);
    expect(m.description.short.length).toBeLessThanOrEqual(80);
    expect(m.description.full.length).toBeLessThanOrEqual(4000);
  });

  it("reads its values from the server's settings and says what is missing or wrong", () => {
    expect(
      appPackageValuesFrom({ ...env, ENGAGETRACK_TEAMS_APP_ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d" }),
    ).toEqual({
      MICROSOFT_APP_ID: APP_ID,
      TEAMS_APP_ID: "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
      PUBLIC_URL: "https://engage.example.com",
      PUBLIC_HOSTNAME: "engage.example.com",
      DEVELOPER_NAME: "EngageTrack",
    });
    expect(() => appPackageValuesFrom({})).toThrow(
      "cannot build the teams app package:\n  - MicrosoftAppId: required (the bot's Microsoft App ID, a GUID)\n  - ENGAGETRACK_PUBLIC_URL: required (the https address Teams reaches the bot at)",
    );
    expect(() =>
      appPackageValuesFrom({ MicrosoftAppId: APP_ID, ENGAGETRACK_PUBLIC_URL: "http://et.local" }),
    ).toThrow(/ENGAGETRACK_PUBLIC_URL="http:\/\/et\.local": must be an https URL/);
    expect(() => fillManifest('{"x":"${{NOPE}}"}', appPackageValuesFrom(env))).toThrow(
      "manifest placeholder has no value: ${{NOPE}}",
    );
  });

  it("the committed icons are what app-icons draws: 192×192 colour, 32×32 white on transparent", () => {
    for (const kind of ["color", "outline"] as const) {
      const committed = readFileSync(join(DIR, `${kind}.png`));
      expect(
        committed.equals(encodePng(appIcon(kind), 9)),
        `${kind}.png: run npx tsx bot/teams/make-app-icons.ts`,
      ).toBe(true);
      const { width, height } = decodePng(committed);
      expect([width, height]).toEqual([APP_ICON_SIZES[kind], APP_ICON_SIZES[kind]]);
    }
    const outline = decodePng(readFileSync(join(DIR, "outline.png")));
    let ink = 0;
    for (let i = 0; i < outline.pixels.length; i += 4) {
      if (outline.pixels[i + 3] === 0) continue;
      ink++;
      expect([outline.pixels[i], outline.pixels[i + 1], outline.pixels[i + 2]]).toEqual([255, 255, 255]);
    }
    expect(ink).toBeGreaterThan(50);
    // The colour icon is opaque in its middle.
    const color = decodePng(readFileSync(join(DIR, "color.png")));
    expect(color.pixels[(96 * 192 + 96) * 4 + 3]).toBe(255);
  });

  it("zips manifest.json, color.png and outline.png at the root, the same bytes every time", () => {
    const input = {
      manifest: template,
      color: readFileSync(join(DIR, "color.png")),
      outline: readFileSync(join(DIR, "outline.png")),
      values: appPackageValuesFrom(env),
    };
    const zip = teamsAppPackage(input);
    expect(teamsAppPackage(input).equals(zip)).toBe(true);
    // The central directory's names, in order.
    const names: string[] = [];
    for (
      let p = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]));
      p >= 0;
      p = zip.indexOf(Buffer.from([0x50, 0x4b, 1, 2]), p + 4)
    )
      names.push(zip.toString("utf8", p + 46, p + 46 + zip.readUInt16LE(p + 28)));
    expect(names).toEqual(["manifest.json", "color.png", "outline.png"]);
    const size = zip.readUInt32LE(18);
    const manifest = JSON.parse(inflateRawSync(zip.subarray(30 + 13, 30 + 13 + size)).toString("utf8"));
    expect(manifest.bots[0].botId).toBe(APP_ID);
  });
});
