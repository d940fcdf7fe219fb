import { describe, expect, it } from "vitest";
import { createRouter } from "../../http/router.ts";
import type { Route } from "../../http/route.ts";

const route = (method: Route["method"], path: string): Route => ({ method, path, handle: () => {} });

describe("createRouter", () => {
  it("matches literal paths, decoded parameters, parameters with a suffix and a trailing *", () => {
    const router = createRouter();
    router.add(route("GET", "/healthz"));
    router.add(route("GET", "/v1/customers/:id"));
    router.add(route("GET", "/charts/:token.png"));
    router.add(route("POST", "/slack/*"));
    expect(router.match("GET", "/healthz")).toMatchObject({ params: {} });
    expect(router.match("GET", "/v1/customers/7590-VHVEG")).toMatchObject({ params: { id: "7590-VHVEG" } });
    expect(router.match("GET", "/v1/customers/a%20b")).toMatchObject({ params: { id: "a b" } });
    expect(router.match("GET", "/charts/abc.def.png")).toMatchObject({ params: { token: "abc.def" } });
    expect(router.match("GET", "/charts/abc.jpg")).toBeUndefined();
    expect(router.match("GET", "/charts/.png")).toBeUndefined();
    expect(router.match("POST", "/slack/events")).toMatchObject({ params: { "*": "events" } });
    expect(router.match("POST", "/slack/a/b")).toMatchObject({ params: { "*": "a/b" } });
  });

  it("says which methods a known path allows, and nothing for unknown paths", () => {
    const router = createRouter();
    router.add(route("POST", "/v1/nudges"));
    expect(router.match("GET", "/v1/nudges")).toEqual({ allowed: ["POST"] });
    expect(router.match("GET", "/v1/nudges/extra")).toBeUndefined();
    expect(router.match("GET", "/v1")).toBeUndefined();
  });

  it("refuses a second mount of one endpoint and a * that is not last", () => {
    const router = createRouter();
    router.add(route("POST", "/api/messages"));
    expect(() => router.add(route("POST", "/api/messages"))).toThrow(
      "route already mounted: POST /api/messages",
    );
    expect(() => router.add(route("GET", "/a/*/b"))).toThrow('"*" must end the route path');
    expect(() => router.add(route("GET", "nope"))).toThrow('must start with "/"');
  });

  it("throws URIError on a malformed escape (the handler answers 400)", () => {
    const router = createRouter();
    router.add(route("GET", "/v1/customers/:id"));
    expect(() => router.match("GET", "/v1/customers/%E0%A4%A")).toThrow(URIError);
  });
});
