import type { RgbaImage } from "../../core/src/charts/server.ts";

/** The two icons a Teams app package needs. */
export type AppIconKind = "color" | "outline";

/** Icon sizes Teams requires (pixels, square). */
export const APP_ICON_SIZES: Record<AppIconKind, number> = { color: 192, outline: 32 };

/** The accent colour of the colour icon and the manifest (`accentColor`). */
export const ACCENT = "#0F6CBD";

// Three rising bars, in units of the icon's side: x, width, top (the bars share a baseline).
const BARS = [
  { x: 0.22, w: 0.15, top: 0.56 },
  { x: 0.425, w: 0.15, top: 0.4 },
  { x: 0.63, w: 0.15, top: 0.22 },
];
const BASELINE = 0.78;
/** Samples per pixel side: edges get 16 coverage levels. */
const SS = 4;

/**
 * The app's icons, drawn from a few shapes (no image files to keep in sync): `color` is white
 * rising bars on a rounded accent square, 192×192; `outline` is the same bars in white on
 * transparent, 32×32, as Teams asks. The same call always gives the same pixels.
 *
 * @example
 * await writeFile("bot/teams/appPackage/color.png", encodePng(appIcon("color")));
 */
export function appIcon(kind: AppIconKind): RgbaImage {
  const size = APP_ICON_SIZES[kind];
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(ACCENT.slice(i, i + 2), 16));
  const pixels = new Uint8Array(size * size * 4);
  const radius = 0.2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let bar = 0;
      let square = 0;
      for (let sy = 0; sy < SS; sy++) {
        for (let sx = 0; sx < SS; sx++) {
          const x = (px + (sx + 0.5) / SS) / size;
          const y = (py + (sy + 0.5) / SS) / size;
          if (BARS.some((s) => x >= s.x && x < s.x + s.w && y >= s.top && y < BASELINE)) bar++;
          if (insideRoundedSquare(x, y, radius)) square++;
        }
      }
      const n = SS * SS;
      const o = (py * size + px) * 4;
      if (kind === "outline") {
        pixels.set([255, 255, 255, Math.round((255 * bar) / n)], o);
      } else {
        // White bars over the accent square; outside the square is transparent.
        const a = square / n;
        const white = bar / n;
        const mix = (c: number) => Math.round(c + (255 - c) * (white / Math.max(a, 1e-9)));
        pixels.set(a === 0 ? [0, 0, 0, 0] : [mix(r), mix(g), mix(b), Math.round(255 * a)], o);
      }
    }
  }
  return { width: size, height: size, pixels };
}

function insideRoundedSquare(x: number, y: number, radius: number): boolean {
  const dx = Math.max(radius - x, 0, x - (1 - radius));
  const dy = Math.max(radius - y, 0, y - (1 - radius));
  return dx * dx + dy * dy <= radius * radius;
}
