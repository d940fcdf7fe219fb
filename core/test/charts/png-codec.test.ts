// encodePng and decodePng together, decodePng on every filter type and on resvg's own encoder.
import { crc32, deflateSync } from "node:zlib";
import { Resvg } from "@resvg/resvg-js";
import { describe, expect, it } from "vitest";
import { decodePng } from "../../src/charts/decode-png.ts";
import { encodePng, encodePngAsync } from "../../src/charts/encode-png.ts";

function noise(width: number, height: number, seed: number, opaque: boolean): Uint8Array {
  const pixels = new Uint8Array(width * height * 4);
  let s = seed;
  for (let i = 0; i < pixels.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    pixels[i] = opaque && i % 4 === 3 ? 255 : s >>> 24;
  }
  return pixels;
}

describe("encodePng / decodePng", () => {
  it.each([
    ["opaque", true],
    ["translucent", false],
  ])("round-trips %s pixels exactly", async (_name, opaque) => {
    const pixels = noise(37, 23, 7, opaque);
    const png = encodePng({ width: 37, height: 23, pixels });
    expect(png[25]).toBe(6);
    expect((await encodePngAsync({ width: 37, height: 23, pixels })).equals(png)).toBe(true);
    const back = decodePng(png);
    expect([back.width, back.height]).toEqual([37, 23]);
    expect(Buffer.from(back.pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  it("is deterministic", () => {
    const image = { width: 64, height: 64, pixels: noise(64, 64, 3, true) };
    expect(encodePng(image).equals(encodePng(image))).toBe(true);
  });

  it("undoes every filter type (none, sub, up, average, Paeth), one per row", () => {
    const [width, height] = [9, 10];
    const pixels = noise(width, height, 11, false);
    const stride = width * 4;
    const raw = Buffer.alloc((stride + 1) * height);
    for (let y = 0; y < height; y++) {
      const filter = y % 5;
      raw[y * (stride + 1)] = filter;
      for (let i = 0; i < stride; i++) {
        const at = (yy: number, ii: number) => (yy < 0 || ii < 0 ? 0 : pixels[yy * stride + ii]);
        const [x, a, b, c] = [at(y, i), at(y, i - 4), at(y - 1, i), at(y - 1, i - 4)];
        const p = a + b - c;
        const paeth =
          Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
            ? a
            : Math.abs(p - b) <= Math.abs(p - c)
              ? b
              : c;
        const predictor = [0, a, b, (a + b) >> 1, paeth][filter];
        raw[y * (stride + 1) + 1 + i] = (x - predictor) & 255;
      }
    }
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
      const out = Buffer.alloc(body.length + 8);
      out.writeUInt32BE(data.length, 0);
      body.copy(out, 4);
      out.writeUInt32BE(crc32(body), body.length + 4);
      return out;
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(width, 0);
    ihdr.writeUInt32BE(height, 4);
    ihdr[8] = 8;
    ihdr[9] = 6;
    const png = Buffer.concat([
      Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
      chunk("IHDR", ihdr),
      chunk("IDAT", deflateSync(raw)),
      chunk("IEND", Buffer.alloc(0)),
    ]);
    expect(Buffer.from(decodePng(png).pixels).equals(Buffer.from(pixels))).toBe(true);
  });

  it("decodes resvg's own PNGs to resvg's pixels", () => {
    const svg =
      '<svg xmlns="http://www.w3.org/2000/svg" width="120" height="80"><defs><linearGradient id="g">' +
      '<stop offset="0" stop-color="#d64550"/><stop offset="1" stop-color="#2f7bbf" stop-opacity="0.4"/></linearGradient></defs>' +
      '<rect width="120" height="80" fill="url(#g)"/><circle cx="60" cy="40" r="30" fill="#2e9e6b" fill-opacity="0.7"/></svg>';
    // Opaque (white background): resvg's pixel buffer is premultiplied, its PNG is not.
    const rendered = new Resvg(svg, { background: "white", font: { loadSystemFonts: false } }).render();
    const decoded = decodePng(rendered.asPng());
    expect([decoded.width, decoded.height]).toEqual([120, 80]);
    expect(Buffer.from(decoded.pixels).equals(Buffer.from(rendered.pixels))).toBe(true);
  });

  it("rejects corrupt and unsupported files with a reason", () => {
    const png = encodePng({ width: 2, height: 2, pixels: noise(2, 2, 1, true) });
    const corrupt = Buffer.from(png);
    corrupt[30] ^= 0xff; // inside the IHDR data
    expect(() => decodePng(corrupt)).toThrow("corrupt png: bad crc in chunk IHDR at byte 8");
    expect(() => decodePng(png.subarray(0, png.length - 12))).toThrow("truncated png: no IEND chunk");
    expect(() => encodePng({ width: 2, height: 2, pixels: new Uint8Array(3) })).toThrow(
      "image has 3 bytes, 2×2 RGBA needs 16",
    );
  });
});
