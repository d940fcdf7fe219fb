import { createHash, timingSafeEqual } from "node:crypto";
import type { ApiKey } from "../server-config.ts";
import { HttpError } from "./http-error.ts";

/** Checks `Authorization: Bearer <key>` against the configured keys. */
export interface ApiKeyAuth {
  /** The name of the key presented; throws a 401 HttpError when it is missing or unknown. */
  authenticate(authorization: string | undefined): string;
}

const CHALLENGE = { "www-authenticate": 'Bearer realm="engagetrack"' };

/**
 * Bearer-key authentication for the /v1 API. Keys are compared as SHA-256 digests with
 * `timingSafeEqual`, against every configured key (no early exit), so timing reveals neither which
 * key nor how much of it matched. With no keys configured every request is refused, saying how to
 * add one.
 *
 * @example
 * const auth = createApiKeyAuth([{ name: "shop", key: process.env.SHOP_KEY }]);
 * auth.authenticate(req.headers.authorization); // "shop"
 */
export function createApiKeyAuth(keys: readonly ApiKey[]): ApiKeyAuth {
  const digests = keys.map((k) => ({ name: k.name, digest: sha256(k.key) }));
  return {
    authenticate(authorization) {
      if (digests.length === 0) {
        throw new HttpError(
          "no-api-keys",
          "this server has no API keys: set ENGAGETRACK_API_KEYS=name:key (key of 16+ characters) and restart",
          { headers: CHALLENGE },
        );
      }
      const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(authorization ?? "");
      if (!match) {
        throw new HttpError("missing-api-key", 'send your API key as "Authorization: Bearer <key>"', {
          headers: CHALLENGE,
        });
      }
      const presented = sha256(match[1]);
      let name: string | undefined;
      for (const d of digests) if (timingSafeEqual(d.digest, presented) && name === undefined) name = d.name;
      if (name === undefined) throw new HttpError("bad-api-key", "unknown API key", { headers: CHALLENGE });
      return name;
    },
  };
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();
