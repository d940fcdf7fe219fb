import { describe, expect, it } from "vitest";
import { createApiKeyAuth } from "../../http/api-key-auth.ts";
import { HttpError } from "../../http/http-error.ts";

const keys = [
  { name: "shop", key: "shop-key-0123456789" },
  { name: "app", key: "app-key-9876543210" },
];

function refusal(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HttpError) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

describe("createApiKeyAuth", () => {
  it("names the key presented as a bearer token", () => {
    const auth = createApiKeyAuth(keys);
    expect(auth.authenticate("Bearer app-key-9876543210")).toBe("app");
    expect(auth.authenticate("bearer   shop-key-0123456789 ")).toBe("shop");
  });

  it("refuses a missing, malformed or unknown key with 401 and a Bearer challenge", () => {
    const auth = createApiKeyAuth(keys);
    for (const header of [undefined, "", "Basic c2hvcDp4", "Bearer", "shop-key-0123456789"]) {
      const e = refusal(() => auth.authenticate(header));
      expect([e.status, e.code]).toEqual([401, "missing-api-key"]);
      expect(e.headers["www-authenticate"]).toBe('Bearer realm="engagetrack"');
    }
    for (const header of [
      "Bearer shop-key-012345678",
      "Bearer shop-key-01234567890",
      "Bearer SHOP-KEY-0123456789",
    ]) {
      const e = refusal(() => auth.authenticate(header));
      expect([e.status, e.code, e.message]).toEqual([401, "bad-api-key", "unknown API key"]);
    }
  });

  it("with no keys configured refuses everything and says how to add one", () => {
    const e = refusal(() => createApiKeyAuth([]).authenticate("Bearer anything-at-all-here"));
    expect([e.status, e.code]).toEqual([401, "no-api-keys"]);
    expect(e.message).toContain("ENGAGETRACK_API_KEYS=name:key");
  });
});
