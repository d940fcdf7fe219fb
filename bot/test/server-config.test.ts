import { describe, expect, it } from "vitest";
import { serverConfigFrom, ServerConfigError } from "../server-config.ts";

const fixedBytes = (n: number) => Buffer.alloc(n, 7);

function problemsOf(env: NodeJS.ProcessEnv): readonly string[] {
  try {
    serverConfigFrom(env);
  } catch (err) {
    if (err instanceof ServerConfigError) return err.problems;
    throw err;
  }
  throw new Error("expected a configuration error");
}

describe("serverConfigFrom", () => {
  it("starts with nothing set: loopback, port 3000, no keys, an ephemeral chart secret", () => {
    const c = serverConfigFrom({}, { randomBytes: fixedBytes });
    expect(c).toMatchObject({
      host: "127.0.0.1",
      port: 3000,
      apiKeys: [],
      rateLimitPerMinute: 600,
      charts: { ephemeralSecret: true, ttlSeconds: 86_400 },
      snapshotPollMs: 30_000,
      shutdownTimeoutMs: 10_000,
      insight: {
        modelDir: "models/demo",
        snapshotsDir: "data/snapshots",
        llm: { off: "LLM_API_KEY is not set" },
      },
    });
    expect(c.publicUrl).toBeUndefined();
    expect(c.charts.secret).toEqual(Buffer.alloc(32, 7));
  });

  it("reads every setting; empty strings mean unset", () => {
    const c = serverConfigFrom({
      PORT: "8080",
      HOST: "0.0.0.0",
      ENGAGETRACK_PUBLIC_URL: "https://engage.example.com/",
      ENGAGETRACK_API_KEYS: " shop:0123456789abcdef , mobile.app:fedcba9876543210xyz",
      ENGAGETRACK_API_RATE_LIMIT: "120",
      ENGAGETRACK_CHART_SIGNING_SECRET: "s".repeat(32),
      ENGAGETRACK_CHART_URL_TTL_SECONDS: "600",
      ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "0.5",
      ENGAGETRACK_SHUTDOWN_TIMEOUT_SECONDS: "",
      ENGAGETRACK_MODEL_DIR: "models/prod",
      LLM_API_KEY: "sk-test",
    });
    expect(c).toMatchObject({
      host: "0.0.0.0",
      port: 8080,
      publicUrl: "https://engage.example.com",
      apiKeys: [
        { name: "shop", key: "0123456789abcdef" },
        { name: "mobile.app", key: "fedcba9876543210xyz" },
      ],
      rateLimitPerMinute: 120,
      charts: { ephemeralSecret: false, ttlSeconds: 600 },
      snapshotPollMs: 500,
      shutdownTimeoutMs: 10_000,
      insight: { modelDir: "models/prod", llm: { apiKey: "sk-test" } },
    });
    expect(c.charts.secret.toString()).toBe("s".repeat(32));
  });

  it("lists every bad setting at once, one line each, secrets hidden", () => {
    const env = {
      PORT: "http",
      HOST: "two words",
      ENGAGETRACK_PUBLIC_URL: "ftp://files.example.com",
      ENGAGETRACK_API_KEYS:
        "shop:short-key,no-colon-here-at-all,shop:0123456789abcdef,other:0123456789abcdef",
      ENGAGETRACK_API_RATE_LIMIT: "0",
      ENGAGETRACK_CHART_SIGNING_SECRET: "hunter2",
      ENGAGETRACK_SNAPSHOT_POLL_SECONDS: "-1",
      LLM_TIMEOUT_MS: "soon",
      LLM_API_KEY: "sk-live-secret",
    };
    const problems = problemsOf(env);
    const text = problems.join("\n");
    expect(problems).toHaveLength(10);
    for (const setting of [
      'PORT="http"',
      'HOST="two words"',
      'ENGAGETRACK_PUBLIC_URL="ftp://files.example.com"',
      'ENGAGETRACK_API_RATE_LIMIT="0"',
      "ENGAGETRACK_CHART_SIGNING_SECRET=(hidden): at least 32 characters",
      'ENGAGETRACK_SNAPSHOT_POLL_SECONDS="-1"',
      'LLM_TIMEOUT_MS="soon"',
      "ENGAGETRACK_API_KEYS=(hidden): pair 1 of 4 (shop): key must be at least 16 characters",
      "ENGAGETRACK_API_KEYS=(hidden): pair 2 of 4 is not name:key",
      "ENGAGETRACK_API_KEYS=(hidden): pair 4 of 4 (other): same key as shop",
    ]) {
      expect(text).toContain(setting);
    }
    expect(text).not.toMatch(/hunter2|short-key|0123456789abcdef|sk-live/);
    const error = (() => {
      try {
        serverConfigFrom(env);
      } catch (err) {
        return err as ServerConfigError;
      }
    })()!;
    expect(error.code).toBe("bad-config");
    expect(error.message.split("\n")[0]).toBe("invalid configuration (10 settings):");
  });

  it("names a repeated key name", () => {
    expect(problemsOf({ ENGAGETRACK_API_KEYS: "a:0123456789abcdef,a:abcdef0123456789" })).toEqual([
      "ENGAGETRACK_API_KEYS=(hidden): pair 2 of 2: name a is repeated",
    ]);
  });
});
