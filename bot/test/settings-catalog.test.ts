import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultOf, type Setting } from "../../core/src/settings/index.ts";
import { SETTINGS_SECTIONS } from "../settings-catalog.ts";

const ROOT = join(import.meta.dirname, "../..");

/** Rows of the Markdown settings tables in `file`: setting name → default cell. */
function documentedRows(file: string): Map<string, string> {
  const rows = new Map<string, string>();
  for (const line of readFileSync(join(ROOT, file), "utf8").split("\n")) {
    const cells = /^\|(.+)\|$/.exec(line.trim())?.[1].split(" | ");
    if (!cells || cells.length < 3) continue;
    const names = [...cells[0].matchAll(/`([A-Za-z][A-Za-z0-9_]*)`/g)].map((m) => m[1]);
    for (const name of names.filter(isSettingName)) rows.set(name, cells[1].trim());
  }
  return rows;
}

/** Names that look like environment settings (ours, botbuilder's, the standard ones we read). */
function isSettingName(name: string): boolean {
  return /^[A-Z][A-Z0-9]*_[A-Z0-9_]+$|^Microsoft[A-Z]\w+$|^(PORT|HOST)$/.test(name);
}

/** What a settings table's default column must say for a setting. */
function expectedDefault(s: Setting): (cell: string) => boolean {
  if (s.shownDefault !== undefined)
    return (cell) => cell === `\`${s.shownDefault}\`` || cell === s.shownDefault;
  const value = defaultOf(s);
  if (value !== undefined) return (cell) => cell === `\`${String(value)}\``;
  return (cell) => cell.startsWith("*(empty") || cell === "—";
}

const declared = SETTINGS_SECTIONS.flatMap((section) =>
  Object.entries(section.settings).map(([name, s]) => ({ section, name, s })),
);

describe("the settings declarations", () => {
  it("declare each setting once, with a one-line description", () => {
    const names = declared.map((d) => d.name);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
    for (const d of declared) expect(d.s.doc, d.name).toMatch(/^[^\n]{10,200}$/);
  });

  it("are each documented in their section's settings table, with the declared default", () => {
    const tables = new Map<string, Map<string, string>>();
    const problems: string[] = [];
    for (const { section, name, s } of declared) {
      if (!tables.has(section.docs)) tables.set(section.docs, documentedRows(section.docs));
      const cell = tables.get(section.docs)!.get(name);
      if (cell === undefined) problems.push(`${name}: no row in ${section.docs}`);
      else if (!expectedDefault(s)(cell))
        problems.push(
          `${name}: ${section.docs} shows the default ${cell}, declared ${String(s.shownDefault ?? defaultOf(s))}`,
        );
    }
    expect(problems).toEqual([]);
  });

  it("cover every setting the documentation tables list", () => {
    const names = new Set(declared.map((d) => d.name));
    const docs = [...new Set(SETTINGS_SECTIONS.map((s) => s.docs))];
    const undeclared = docs.flatMap((file) =>
      [...documentedRows(file).keys()].filter((n) => !names.has(n)).map((n) => `${file}: ${n}`),
    );
    expect(undeclared).toEqual([]);
  });

  it("are each in .env.example (set, or commented out), and .env.example names nothing else", () => {
    const text = readFileSync(join(ROOT, ".env.example"), "utf8");
    const listed = [...text.matchAll(/^(?:# ?)?([A-Za-z][A-Za-z0-9_]*)=/gm)].map((m) => m[1]);
    const names = declared.map((d) => d.name);
    expect(names.filter((n) => !listed.includes(n))).toEqual([]);
    expect(listed.filter((n) => !names.includes(n))).toEqual([]);
  });
});

/**
 * Reads of single environment variables outside the settings module, each with the reason it is
 * not a setting. Passing the whole environment (`process.env`) to a parser or to a child process is
 * not a read.
 */
const ALLOWED: Record<string, string> = {
  // The child's PATH is the parent's with node_modules/.bin in front: passed through, not a setting.
  "notebooks/tools/build-site.ts: env.PATH": "PATH",
};

const SCANNED = ["core", "bot", "cli", "notebooks", "scripts"];
const SETTINGS_MODULE = [/^core\/src\/settings\//, /^bot\/teams\/teams-settings\.ts$/];

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((entry) => {
    const path = join(dir, entry);
    if (/^(node_modules|dist|test|\.observablehq)$/.test(entry)) return [];
    if (statSync(join(ROOT, path)).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(entry) ? [path] : [];
  });
}

/**
 * `file: env.NAME` for every read of one variable (`process.env.X`, `io.env.X`, `env["X"]`,
 * `env[key]`); assignments (a child process's environment) are not reads.
 */
function environmentReads(file: string, text: string): string[] {
  // Comments (doc examples) are not code.
  const code = text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/(^|[^:"'`])\/\/[^\n]*/g, "$1");
  // `env` alone or as a property (`io.env`), not a file name in a string (`see .env.example`).
  const env = /(?:(?<=[\w\])]\??\.)|(?<![.\w$]))env/.source;
  const read = new RegExp(
    `${env}\\s*\\??\\.\\s*([A-Za-z_]\\w*)\\b(?!\\s*=[^=])|${env}\\s*\\[\\s*([^\\]]*)\\](?!\\s*=[^=])`,
    "g",
  );
  const reads = [...code.matchAll(read)].map(
    (m) => `${file}: env${m[1] !== undefined ? `.${m[1]}` : `[${m[2]}]`}`,
  );
  return reads;
}

describe("reading the environment", () => {
  it("happens only in the settings module (a short, commented allow-list aside)", () => {
    const reads = SCANNED.flatMap(sourceFiles)
      .map((path) => relative(".", path))
      .filter((path) => !SETTINGS_MODULE.some((re) => re.test(path)))
      .flatMap((path) => environmentReads(path, readFileSync(join(ROOT, path), "utf8")))
      .filter((read) => !(read in ALLOWED));
    expect(reads).toEqual([]);
  });

  it("the scan finds reads of every shape", () => {
    const text = [
      "const a = process.env.LOG_LEVEL;",
      "const b = io.env?.DATABASE_URL;",
      'const c = env["SLACK_BOT_TOKEN"];',
      "const d = process.env[name];",
      "// process.env.IN_A_COMMENT",
      "serve(process.env);",
      'const help = "see .env.example";',
      "childEnv[key] = value; env[key] = value; env.PORT = '0';",
      "spawn(x, { env: { ...process.env, PORT: '0' } });",
    ].join("\n");
    expect(environmentReads("x.ts", text)).toEqual([
      "x.ts: env.LOG_LEVEL",
      "x.ts: env.DATABASE_URL",
      'x.ts: env["SLACK_BOT_TOKEN"]',
      "x.ts: env[name]",
    ]);
  });
});
