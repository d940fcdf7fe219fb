import { crc32, inflateSync } from "node:zlib";
import type { RgbaImage } from "./encode-png.ts";

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
/** Channels per colour type: grey, RGB, grey + alpha, RGBA (palette images are not supported). */
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 4: 2, 6: 4 };

/**
 * Decodes an 8-bit, non-interlaced PNG (grey, grey + alpha, RGB or RGBA) to RGBA pixels (Node
 * only), checking the signature and every chunk's CRC. Enough for the charts we write, and for
 * checking them: the blank-chart guard looks at the bytes we are about to post.
 *
 * @example
 * decodePng(encodePng(image)).pixels; // the same RGBA bytes
 */
export function decodePng(png: Uint8Array): RgbaImage {
  const bytes = Buffer.from(png.buffer, png.byteOffset, png.byteLength);
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b))
    throw new Error("not a png: bad signature");
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const idat: Buffer[] = [];
  let ended = false;
  while (offset + 12 <= bytes.length && !ended) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString("latin1", offset + 4, offset + 8);
    const end = offset + 8 + length;
    if (end + 4 > bytes.length) throw new Error(`truncated png: chunk ${type} at byte ${offset}`);
    if (crc32(bytes.subarray(offset + 4, end)) !== bytes.readUInt32BE(end)) {
      throw new Error(`corrupt png: bad crc in chunk ${type} at byte ${offset}`);
    }
    const data = bytes.subarray(offset + 8, end);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      const [depth, colour, , , interlace] = data.subarray(8, 13);
      channels = CHANNELS[colour] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0) {
        throw new Error(`unsupported png: bit depth ${depth}, colour type ${colour}, interlace ${interlace}`);
      }
    } else if (type === "IDAT") idat.push(data);
    else if (type === "IEND") ended = true;
    offset = end + 4;
  }
  if (!ended) throw new Error("truncated png: no IEND chunk");
  if (width === 0 || height === 0) throw new Error("invalid png: no IHDR or zero size");
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  if (raw.length !== (stride + 1) * height) {
    throw new Error(
      `invalid png: ${raw.length} bytes of pixel data, ${width}×${height} needs ${(stride + 1) * height}`,
    );
  }
  const rows = new Uint8Array(stride * height);
  unfilter(raw, rows, stride, height, channels);
  if (channels === 4) return { width, height, pixels: rows };
  const pixels = new Uint8Array(width * height * 4);
  for (let p = 0, s = 0; p < width * height; p++, s += channels) {
    const o = p * 4;
    if (channels >= 3) {
      pixels[o] = rows[s];
      pixels[o + 1] = rows[s + 1];
      pixels[o + 2] = rows[s + 2];
    } else pixels[o] = pixels[o + 1] = pixels[o + 2] = rows[s];
    pixels[o + 3] = channels === 4 ? rows[s + 3] : channels === 2 ? rows[s + 1] : 255;
  }
  return { width, height, pixels };
}

/** Undoes PNG's per-row filters (none, sub, up, average, Paeth). */
function unfilter(raw: Uint8Array, out: Uint8Array, stride: number, height: number, bpp: number): void {
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const src = y * (stride + 1) + 1;
    const dst = y * stride;
    if (filter === 0) {
      out.set(raw.subarray(src, src + stride), dst);
      continue;
    }
    const up = dst - stride;
    for (let i = 0; i < stride; i++) {
      const a = i >= bpp ? out[dst + i - bpp] : 0;
      const b = y > 0 ? out[up + i] : 0;
      const c = y > 0 && i >= bpp ? out[up + i - bpp] : 0;
      const x = raw[src + i];
      switch (filter) {
        case 0:
          out[dst + i] = x;
          break;
        case 1:
          out[dst + i] = (x + a) & 255;
          break;
        case 2:
          out[dst + i] = (x + b) & 255;
          break;
        case 3:
          out[dst + i] = (x + ((a + b) >> 1)) & 255;
          break;
        case 4: {
          const p = a + b - c;
          const pa = Math.abs(p - a);
          const pb = Math.abs(p - b);
          const pc = Math.abs(p - c);
          out[dst + i] = (x + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c)) & 255;
          break;
        }
        default:
          throw new Error(`invalid png: filter type ${filter} on row ${y}`);
      }
    }
  }
}
