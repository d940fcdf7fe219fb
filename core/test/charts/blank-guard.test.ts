import { describe, expect, it } from "vitest";
import { blankGuard, countInk } from "../../src/charts/blank-guard.ts";
import { encodePng } from "../../src/charts/encode-png.ts";

const W = 400;
const H = 200;

/** A white canvas with filled rectangles [x, y, w, h, r, g, b]. */
function canvas(...rects: [number, number, number, number, number, number, number][]): Buffer {
  const pixels = new Uint8Array(W * H * 4).fill(255);
  for (const [x0, y0, w, h, r, g, b] of rects) {
    for (let y = y0; y < y0 + h; y++) {
      for (let x = x0; x < x0 + w; x++) pixels.set([r, g, b, 255], (y * W + x) * 4);
    }
  }
  return encodePng({ width: W, height: H, pixels });
}

const BAR: [number, number, number, number, number, number, number] = [100, 80, 200, 60, 214, 69, 80];
const TEXT: [number, number, number, number, number, number, number] = [10, 10, 120, 12, 26, 26, 26];
const AXIS: [number, number, number, number, number, number, number] = [100, 150, 280, 2, 163, 163, 163];

describe("blankGuard", () => {
  it("passes an image with marks and text", () => {
    const verdict = blankGuard(canvas(BAR, TEXT, AXIS));
    expect(verdict.ok).toBe(true);
    expect(verdict.counts).toEqual({
      width: W,
      height: H,
      ink: 12000 + 1440 + 560,
      marks: 12000,
      text: 1440,
    });
  });

  it("refuses an empty image", () => {
    expect(blankGuard(canvas())).toMatchObject({ ok: false, reason: "empty image: 0 of 80000 pixels inked" });
  });

  it("refuses an image whose text is missing (grey axes are not text)", () => {
    expect(blankGuard(canvas(BAR, AXIS))).toMatchObject({ ok: false, reason: "no text: 0 text pixels" });
  });

  it("refuses an image without marks, counting only the plot area when given", () => {
    expect(blankGuard(canvas(TEXT, AXIS, [10, 30, 40, 40, 214, 69, 80]))).toMatchObject({ ok: true });
    // The coloured square is a legend swatch outside the plot area.
    expect(
      blankGuard(canvas(TEXT, AXIS, [10, 30, 40, 40, 214, 69, 80]), {
        plotArea: { x: 80, y: 60, width: 320, height: 140 },
      }),
    ).toMatchObject({
      ok: false,
      reason: "no marks: 0 coloured pixels in the plot area",
    });
  });

  it("reads transparent pixels as the white they are shown on", () => {
    const pixels = new Uint8Array(W * H * 4); // all transparent black
    expect(countInk(encodePng({ width: W, height: H, pixels })).ink).toBe(0);
  });

  it("rejects bytes that are not a PNG", () => {
    expect(() => blankGuard(Buffer.from("GIF89a......"))).toThrow("not a png: bad signature");
  });
});
