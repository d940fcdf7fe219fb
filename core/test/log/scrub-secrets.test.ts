import { describe, expect, it } from "vitest";
import { isSecretKey, scrubSecrets } from "../../src/log/scrub-secrets.ts";

describe("scrubSecrets", () => {
  it.each([
    ["Authorization: Bearer abc.def-ghi_jkl", "Authorization: [REDACTED]"],
    ['{"authorization":"Basic dXNlcjpwYXNzd29yZA=="}', '{"authorization":"[REDACTED]"}'],
    ["sent with Bearer eyJhbGciOi.payload12.sig in header", "sent with Bearer [REDACTED] in header"],
    ["bot xoxb-1234567890-0987654321-AbCdEfGh ok", "bot [REDACTED] ok"],
    ["user xoxp-1234-5678-9abc app xapp-1-A0B1C2-3456-abcdef", "user [REDACTED] app [REDACTED]"],
    ["key sk-proj-AbCdEf0123456789xyz", "key [REDACTED]"],
    ["together tgp_v1_AbCdEf0123456789", "together [REDACTED]"],
    ["LLM_API_KEY=8f0e7d6c5b4a39281706f5e4d3c2b1a0 next", "LLM_API_KEY=[REDACTED] next"],
    ['SLACK_SIGNING_SECRET: "0123456789abcdef0123456789abcdef"', 'SLACK_SIGNING_SECRET: "[REDACTED]"'],
    ["GET /v1?api_key=12345&page=2", "GET /v1?api_key=[REDACTED]&page=2"],
    ["https://bob:hunter2@api.example.com/x", "https://[REDACTED]@api.example.com/x"],
    ["from jane.doe+crm@mail.example.co.uk.", "from [EMAIL]."],
    ["encoded jane%40example.com here", "encoded [EMAIL] here"],
    ["jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl", "jwt [REDACTED]"],
  ])("scrubs %j", (input, expected) => {
    expect(scrubSecrets(input)).toBe(expected);
  });

  it("keeps ordinary text: customer IDs, numbers, plan names, what-if arrows", () => {
    const text =
      "7590-VHVEG High risk (71%): switch to a one-year contract 62% → 31%; Basic plan, token bucket";
    expect(scrubSecrets(text)).toBe(text);
  });

  it("is idempotent and keeps JSON valid", () => {
    const line = JSON.stringify({
      msg: 'retry "token=abc\\"def" for a@b.io',
      headers: { authorization: "Bearer abcdefghijkl" },
      nested: ['password="p4ss word"'],
    });
    const once = scrubSecrets(line);
    expect(scrubSecrets(once)).toBe(once);
    const parsed = JSON.parse(once);
    expect(parsed.headers.authorization).toBe("[REDACTED]");
    expect(once).not.toMatch(/abcdefghijkl|a@b\.io|p4ss/);
  });
});

describe("isSecretKey", () => {
  it("recognises secret-like names in any case and inside longer names", () => {
    for (const k of [
      "apiKey",
      "api_key",
      "LLM_API_KEY",
      "token",
      "SLACK_BOT_TOKEN",
      "signingSecret",
      "authorization",
      "x-api-key",
      "password",
      "cookie",
    ])
      expect(isSecretKey(k), k).toBe(true);
    for (const k of ["customerID", "probability", "band", "engine", "actor", "keep", "monkey"])
      expect(isSecretKey(k), k).toBe(false);
  });
});
