import { describe, expect, it } from "vitest";
import { readUbjson, UbjsonError } from "../../src/model/ubjson.ts";

/** Bytes from a mix of ASCII markers/strings and raw byte values. */
function b(...parts: (string | number | number[])[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (typeof p === "string") for (const c of Buffer.from(p, "utf8")) out.push(c);
    else if (typeof p === "number") out.push(p);
    else out.push(...p);
  }
  return Uint8Array.from(out);
}
const be = (bytes: number, write: (v: DataView) => void): number[] => {
  const v = new DataView(new ArrayBuffer(bytes));
  write(v);
  return Array.from(new Uint8Array(v.buffer));
};
const f32 = (x: number) => be(4, (v) => v.setFloat32(0, x));
const f64 = (x: number) => be(8, (v) => v.setFloat64(0, x));
const i16 = (x: number) => be(2, (v) => v.setInt16(0, x));
const i32 = (x: number) => be(4, (v) => v.setInt32(0, x));
const i64 = (x: bigint) => be(8, (v) => v.setBigInt64(0, x));

function error(bytes: Uint8Array): UbjsonError {
  try {
    readUbjson(bytes);
  } catch (e) {
    expect(e).toBeInstanceOf(UbjsonError);
    return e as UbjsonError;
  }
  throw new Error("readUbjson did not fail");
}

describe("readUbjson", () => {
  it("reads every scalar marker", () => {
    expect(readUbjson(b("Z"))).toBeNull();
    expect(readUbjson(b("T"))).toBe(true);
    expect(readUbjson(b("F"))).toBe(false);
    expect(readUbjson(b("i", 0xfe))).toBe(-2);
    expect(readUbjson(b("U", 0xfe))).toBe(254);
    expect(readUbjson(b("I", i16(-300)))).toBe(-300);
    expect(readUbjson(b("l", i32(-70000)))).toBe(-70000);
    expect(readUbjson(b("L", i64(2n ** 40n)))).toBe(2 ** 40);
    expect(readUbjson(b("L", i64(-(2n ** 60n))))).toBe(-(2n ** 60n));
    expect(readUbjson(b("d", f32(0.1)))).toBe(Math.fround(0.1));
    expect(readUbjson(b("d", f32(NaN)))).toBeNaN();
    expect(readUbjson(b("D", f64(-1e300)))).toBe(-1e300);
    expect(readUbjson(b("D", f64(-Infinity)))).toBe(-Infinity);
    expect(readUbjson(b("C", "x"))).toBe("x");
    expect(readUbjson(b("S", "i", 4, "héj"))).toBe("héj");
    expect(readUbjson(b("S", "U", 0))).toBe("");
    expect(readUbjson(b("H", "i", 6, "-1.5e3"))).toBe(-1500);
    // N (no-op) before a value is skipped.
    expect(readUbjson(b("N", "N", "T"))).toBe(true);
  });

  it("reads arrays and objects with an end marker, nested, with no-ops inside", () => {
    expect(readUbjson(b("[", "]"))).toEqual([]);
    expect(readUbjson(b("{", "}"))).toEqual({});
    expect(readUbjson(b("[", "i", 1, "N", "S", "i", 1, "a", "[", "Z", "]", "]"))).toEqual([1, "a", [null]]);
    expect(
      readUbjson(b("{", "i", 1, "k", "{", "U", 2, "xy", "T", "}", "N", "i", 1, "n", "d", f32(2), "}")),
    ).toEqual({
      k: { xy: true },
      n: 2,
    });
  });

  it("reads optimized containers: # count alone, and $ type with # count", () => {
    expect(readUbjson(b("[", "#", "i", 2, "T", "i", 7))).toEqual([true, 7]);
    expect(readUbjson(b("[", "$", "d", "#", "U", 3, f32(1), f32(-2.5), f32(0.25)))).toEqual([1, -2.5, 0.25]);
    expect(readUbjson(b("[", "$", "l", "#", "L", i64(2n), i32(-1), i32(2147483647)))).toEqual([
      -1, 2147483647,
    ]);
    expect(readUbjson(b("[", "$", "U", "#", "i", 3, 0, 1, 255))).toEqual([0, 1, 255]);
    expect(readUbjson(b("[", "$", "i", "#", "i", 2, 0xff, 0x01))).toEqual([-1, 1]);
    expect(readUbjson(b("[", "$", "I", "#", "i", 1, i16(-2)))).toEqual([-2]);
    expect(readUbjson(b("[", "$", "D", "#", "i", 1, f64(0.1)))).toEqual([0.1]);
    expect(readUbjson(b("[", "$", "L", "#", "i", 1, i64(-5n)))).toEqual([-5]);
    expect(readUbjson(b("[", "$", "C", "#", "i", 2, "ok"))).toEqual(["o", "k"]);
    expect(readUbjson(b("[", "$", "S", "#", "i", 2, "i", 1, "a", "i", 0))).toEqual(["a", ""]);
    // Payload-free element types: the count alone says how many.
    expect(readUbjson(b("[", "$", "Z", "#", "i", 2))).toEqual([null, null]);
    expect(readUbjson(b("[", "$", "T", "#", "i", 2))).toEqual([true, true]);
    expect(readUbjson(b("[", "$", "F", "#", "i", 1))).toEqual([false]);
    expect(readUbjson(b("[", "$", "[", "#", "i", 2, "#", "i", 1, "T", "]"))).toEqual([[true], []]);
    expect(readUbjson(b("{", "#", "i", 2, "i", 1, "a", "Z", "i", 1, "b", "C", "c"))).toEqual({
      a: null,
      b: "c",
    });
    expect(readUbjson(b("{", "$", "i", "#", "i", 2, "i", 1, "a", 1, "i", 1, "b", 0xff))).toEqual({
      a: 1,
      b: -1,
    });
    expect(readUbjson(b("[", "#", "i", 0))).toEqual([]);
  });

  it("keeps a __proto__ key as data", () => {
    const value = readUbjson(b("{", "i", 9, "__proto__", "T", "}")) as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(["__proto__"]);
  });

  it("names the byte offset of bad input", () => {
    expect(error(b()).message).toBe("empty input at byte 0");
    expect(error(b("[", "i", 1, "A", "]")).message).toBe("unknown marker 0x41 ('A') at byte 3");
    expect(error(b("{", "i", 1, "k", 0x00)).message).toBe("unknown marker 0x00 at byte 4");
    expect(error(b("l", 0, 0)).message).toBe(
      "unexpected end of data in int32 (4 bytes needed, 2 left) at byte 1",
    );
    expect(error(b("[", "T")).message).toBe(
      "unexpected end of data in array (1 bytes needed, 0 left) at byte 2",
    );
    expect(error(b("S", "i", 4, "ab")).message).toBe(
      "unexpected end of data in string (4 bytes needed, 2 left) at byte 3",
    );
    expect(error(b("S", "i", 0xff)).message).toBe("negative or oversized string length -1 at byte 1");
    expect(error(b("S", "d", f32(1))).message).toBe(
      "string length must be an integer, not marker 0x64 ('d') at byte 1",
    );
    expect(error(b("S", "i", 2, 0xc3, 0x28)).message).toBe("invalid utf-8 in string at byte 3");
    expect(error(b("{", "i", 1, "k")).message).toBe(
      "unexpected end of data in value (1 bytes needed, 0 left) at byte 4",
    );
    expect(error(b("[", "$", "d", "T")).message).toBe(
      "a $ container type must be followed by a # count at byte 3",
    );
    expect(error(b("[", "$", "N", "#", "i", 1)).message).toBe(
      "container type 0x4e ('N') is not allowed at byte 2",
    );
    expect(error(b("[", "$", "l", "#", "i", 3, i32(1))).message).toBe(
      "container count 3 exceeds the 4 bytes left at byte 6",
    );
    expect(error(b("[", "#", "L", i64(2n ** 62n))).message).toBe(
      "negative or oversized container count 4611686018427387904 at byte 2",
    );
    expect(error(b("[", "#", "i", 0, "]")).message).toBe("1 bytes after the value at byte 4");
    expect(error(b("C", 0xe9)).message).toBe("char 0xe9 is not ASCII at byte 1");
    expect(error(b("H", "i", 3, "1.x")).message).toBe('invalid high-precision number "1.x" at byte 1');
    expect(error(b("[", "]", "]")).offset).toBe(2);
    expect(error(b(...Array.from({ length: 600 }, () => "["))).message).toBe(
      "containers nested deeper than 512 at byte 512",
    );
  });
});
