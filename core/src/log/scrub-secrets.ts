/** What replaces a secret; e-mail addresses become `[EMAIL]`. */
export const REDACTED = "[REDACTED]";
export const EMAIL_REDACTED = "[EMAIL]";

// Key names whose value is a secret wherever they appear ("LLM_API_KEY=…", "\"signingSecret\":\"…\"",
// "?access_token=…"). Matched inside longer names too, so SLACK_BOT_TOKEN and x-api-key count.
const SECRET_NAME = String.raw`[A-Za-z0-9_.-]*(?:api[_-]?key|token|secret|password|passwd|credential|authorization|cookie|session[_-]?id|private[_-]?key)s?[A-Za-z0-9_.-]*`;

// Rules run in order: whole-credential formats first, then key = value pairs, then e-mail addresses.
// A value stops at whitespace, quotes, backslashes (so JSON escapes stay intact), and , ; & } ).
const SEP = String.raw`((?:\\?["'])?\s*[:=]\s*(?:\\?["'])?)`;
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // Authorization headers, scheme and credentials together: "Authorization: Bearer …".
  [
    new RegExp(
      String.raw`\b((?:proxy-)?authorization)${SEP}(?:(?:Bearer|Basic|Token|Bot)\s+)?[^\s"'\\,;&})]+`,
      "gi",
    ),
    `$1$2${REDACTED}`,
  ],
  // URL credentials: https://user:pass@host → https://[REDACTED]@host
  [/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/@"'\\]+@/gi, `$1${REDACTED}@`],
  // Authorization schemes outside a header: any bearer token; Basic only when it looks like base64.
  [/\b(Bearer)\s+[A-Za-z0-9\-._~+/]{8,}=*/g, `$1 ${REDACTED}`],
  [/\b(Basic)\s+(?=[A-Za-z0-9+/]*[0-9+/=])[A-Za-z0-9+/]{8,}={0,2}/g, `$1 ${REDACTED}`],
  // Slack tokens (bot, user, app-level, config, refresh).
  [/\bx(?:ox[abposre]|app)-[A-Za-z0-9-]{6,}/g, REDACTED],
  // OpenAI-style and other provider keys (sk-…, sk-proj-…, tgp_v1_…, GitHub, AWS access keys).
  [/\bsk-[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\btgp_v1_[A-Za-z0-9_-]{8,}/g, REDACTED],
  [/\bgh[pousr]_[A-Za-z0-9]{20,}/g, REDACTED],
  [/\bAKIA[0-9A-Z]{16}\b/g, REDACTED],
  // JSON Web Tokens.
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, REDACTED],
  // name = value, name: value, "name":"value", name=value in query strings.
  [new RegExp(String.raw`(${SECRET_NAME})${SEP}(?!\[REDACTED\])[^\s"'\\,;&})]+`, "gi"), `$1$2${REDACTED}`],
  // E-mail addresses, also URL-encoded (jane%40example.com).
  [/[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g, EMAIL_REDACTED],
];

/**
 * Removes secrets and e-mail addresses from free text (log messages, error texts, serialised log
 * lines): bearer/basic tokens, Slack `xoxb-`/`xoxp-`/`xapp-` tokens, `sk-…` and other provider
 * keys, JWTs, credentials in URLs, the value after any secret-like name (`api_key=…`,
 * `"signingSecret":"…"`, `authorization: …`) and e-mail addresses. Idempotent.
 *
 * @example
 * scrubSecrets("call failed: Authorization: Bearer sk-abc123456789 for jane@example.com");
 * // → "call failed: Authorization: [REDACTED] for [EMAIL]"
 */
export function scrubSecrets(text: string): string {
  let out = text;
  for (const [pattern, replacement] of RULES) out = out.replace(pattern, replacement);
  return out;
}

/** True for an object key whose value must never be logged (`apiKey`, `SLACK_SIGNING_SECRET`, `authorization`). */
export function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key);
}

const SECRET_KEY = new RegExp(`^${SECRET_NAME}$`, "i");
