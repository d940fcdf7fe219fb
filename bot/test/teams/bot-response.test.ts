// botResponse: what botbuilder's CloudAdapter writes, as node's ServerResponse sends it.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botResponse } from "../../teams/bot-response.ts";

let write: (res: ServerResponse) => void;
let url: string;
const server = createServer((_req, res) => write(res));
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

async function respond(steps: (r: ReturnType<typeof botResponse>) => void) {
  write = (res) => steps(botResponse(res));
  const res = await fetch(url);
  return { status: res.status, type: res.headers.get("content-type"), body: await res.text() };
}

describe("botResponse", () => {
  it("a plain 200 with no body (message activities)", async () => {
    expect(await respond((r) => (r.status(200), r.end()))).toEqual({ status: 200, type: null, body: "" });
  });

  it("an invoke response's object body as JSON", async () => {
    const out = await respond((r) => (r.status(200), r.send({ statusCode: 200, value: "ok" }), r.end()));
    expect(out).toEqual({
      status: 200,
      type: "application/json; charset=utf-8",
      body: '{"statusCode":200,"value":"ok"}',
    });
  });

  it("error statuses get the server's error body, never botbuilder's message", async () => {
    const unauthorized = await respond(
      (r) => (r.status(401), r.send("Unauthorized Access. Request is not authorized"), r.end()),
    );
    expect(unauthorized.status).toBe(401);
    expect(JSON.parse(unauthorized.body)).toEqual({
      error: {
        code: "teams-unauthorized",
        message: "the request does not carry a valid Bot Framework token",
      },
    });
    const failed = await respond(
      (r) => (r.status(500), r.send("TypeError: x is undefined\n    at /srv/app.js:1"), r.end()),
    );
    expect(JSON.parse(failed.body)).toEqual({
      error: { code: "internal", message: "internal error (logged)" },
    });
  });

  it("a second end is ignored", async () => {
    const out = await respond((r) => {
      r.status(202);
      r.end();
      r.status(500);
      r.end();
    });
    expect(out.status).toBe(202);
  });
});
