import { crc32, inflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { zipArchive } from "../../teams/zip-archive.ts";

/** Reads a zip the way unzip does: from the end-of-central-directory record, each entry's local header. */
function readZip(zip: Buffer): Array<{ name: string; method: number; data: Buffer; date: number }> {
  const end = zip.length - 22;
  expect(zip.readUInt32LE(end)).toBe(0x06054b50);
  const count = zip.readUInt16LE(end + 10);
  let p = zip.readUInt32LE(end + 16);
  expect(p + zip.readUInt32LE(end + 12)).toBe(end);
  const out = [];
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(p)).toBe(0x02014b50);
    const method = zip.readUInt16LE(p + 10);
    const crc = zip.readUInt32LE(p + 16);
    const size = zip.readUInt32LE(p + 20);
    const nameLength = zip.readUInt16LE(p + 28);
    const name = zip.toString("utf8", p + 46, p + 46 + nameLength);
    const local = zip.readUInt32LE(p + 42);
    expect(zip.readUInt32LE(local)).toBe(0x04034b50);
    expect(zip.readUInt32LE(local + 14)).toBe(crc);
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const body = zip.subarray(start, start + size);
    const data = method === 8 ? inflateRawSync(body) : Buffer.from(body);
    expect(crc32(data)).toBe(crc);
    expect(data.byteLength).toBe(zip.readUInt32LE(p + 24));
    out.push({ name, method, data, date: zip.readUInt16LE(local + 12) });
    p += 46 + nameLength + zip.readUInt16LE(p + 30) + zip.readUInt16LE(p + 32);
  }
  return out;
}

describe("zipArchive", () => {
  it("round-trips its entries in order: text deflated, incompressible bytes stored", () => {
    const text = Buffer.from(JSON.stringify({ hello: "world ".repeat(200) }));
    const noise = Buffer.from(Array.from({ length: 256 }, (_, i) => (i * 167 + 13) % 256));
    const files = readZip(
      zipArchive([
        { name: "manifest.json", data: text },
        { name: "icons/noise.bin", data: noise },
        { name: "empty.txt", data: new Uint8Array() },
      ]),
    );
    expect(files.map((f) => [f.name, f.method])).toEqual([
      ["manifest.json", 8],
      ["icons/noise.bin", 0],
      ["empty.txt", 0],
    ]);
    expect(files[0].data.equals(text)).toBe(true);
    expect(files[1].data.equals(noise)).toBe(true);
    expect(files[2].data.byteLength).toBe(0);
    // 1980-01-01: the fixed timestamp that makes archives reproducible.
    expect(files[0].date).toBe((0 << 9) | (1 << 5) | 1);
  });

  it("is byte-for-byte reproducible", () => {
    const entries = [{ name: "a.txt", data: Buffer.from("same") }];
    expect(zipArchive(entries).equals(zipArchive(entries))).toBe(true);
  });

  it("refuses names that would escape the archive, and duplicates", () => {
    const data = Buffer.from("x");
    expect(() => zipArchive([{ name: "../evil", data }])).toThrow('invalid zip entry name: "../evil"');
    expect(() => zipArchive([{ name: "/abs", data }])).toThrow("invalid zip entry name");
    expect(() =>
      zipArchive([
        { name: "a", data },
        { name: "a", data },
      ]),
    ).toThrow('duplicate zip entry: "a"');
  });
});
