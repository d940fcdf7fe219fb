import { CodedError } from "../errors/index.ts";

/**
 * A reader for Universal Binary JSON (UBJSON, draft 12 — the format of XGBoost's
 * `save_model("model.ubj")`): big-endian numbers, `[`/`{` containers, and the optimized containers
 * with a `#` count and an optional `$` element type. Errors name the byte offset.
 */

/** A decoded UBJSON value: JSON's values, plus `bigint` for an int64 outside ±2^53. */
export type UbjValue = null | boolean | number | bigint | string | UbjValue[] | { [key: string]: UbjValue };

/** Bytes that are not valid UBJSON; `offset` is where the reader stopped. */
export class UbjsonError extends CodedError<"bad-ubjson"> {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super("bad-ubjson", `${message} at byte ${offset}`);
    this.name = "UbjsonError";
    this.offset = offset;
  }
}

/** Containers nested deeper than this are refused instead of overflowing the stack. */
const MAX_DEPTH = 512;
/** A typed container of payload-free elements (`$Z`, `$T`, `$F`) may claim at most this many. */
const MAX_EMPTY_ELEMENTS = 1 << 24;

const utf8 = new TextDecoder("utf-8", { fatal: true });

function markerName(byte: number): string {
  const hex = `0x${byte.toString(16).padStart(2, "0")}`;
  return byte >= 0x21 && byte < 0x7f ? `${hex} ('${String.fromCharCode(byte)}')` : hex;
}

/**
 * Decodes one UBJSON value that fills `bytes` exactly. Typed arrays of numbers come back as plain
 * arrays; `H` (high-precision) numbers as doubles; `C` chars as one-character strings.
 *
 * @example
 * readUbjson(Uint8Array.of(0x7b, 0x69, 1, 0x61, 0x54, 0x7d)); // { a: true }
 */
export function readUbjson(bytes: Uint8Array): UbjValue {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const end = bytes.length;
  let pos = 0;

  const fail = (message: string, at = pos): never => {
    throw new UbjsonError(message, at);
  };
  const need = (n: number, what: string): void => {
    if (pos + n > end) fail(`unexpected end of data in ${what} (${n} bytes needed, ${end - pos} left)`);
  };
  const nextMarker = (what: string): number => {
    // N (no-op) may stand wherever a marker is expected.
    while (pos < end && bytes[pos] === 0x4e) pos++;
    need(1, what);
    return bytes[pos++];
  };

  /** The payload of a number or fixed-size marker, the marker already consumed. */
  const readScalar = (marker: number, at: number): UbjValue => {
    switch (marker) {
      case 0x5a: // Z
        return null;
      case 0x54: // T
        return true;
      case 0x46: // F
        return false;
      case 0x69: // i int8
        need(1, "int8");
        return view.getInt8(pos++);
      case 0x55: // U uint8
        need(1, "uint8");
        return view.getUint8(pos++);
      case 0x49: {
        // I int16
        need(2, "int16");
        const v = view.getInt16(pos);
        pos += 2;
        return v;
      }
      case 0x6c: {
        // l int32
        need(4, "int32");
        const v = view.getInt32(pos);
        pos += 4;
        return v;
      }
      case 0x4c: {
        // L int64
        need(8, "int64");
        const v = view.getBigInt64(pos);
        pos += 8;
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
      }
      case 0x64: {
        // d float32
        need(4, "float32");
        const v = view.getFloat32(pos);
        pos += 4;
        return v;
      }
      case 0x44: {
        // D float64
        need(8, "float64");
        const v = view.getFloat64(pos);
        pos += 8;
        return v;
      }
      case 0x43: {
        // C char
        need(1, "char");
        const c = bytes[pos];
        if (c > 0x7f) fail(`char ${markerName(c)} is not ASCII`);
        pos++;
        return String.fromCharCode(c);
      }
      case 0x53: // S string
        return readString("string");
      case 0x48: {
        // H high-precision number, written as a string
        const start = pos;
        const text = readString("high-precision number");
        if (!/^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/.test(text))
          fail(`invalid high-precision number ${JSON.stringify(text)}`, start);
        return Number(text);
      }
      default:
        return fail(`unknown marker ${markerName(marker)}`, at);
    }
  };

  /** A length or count: an integer marker and its payload, non-negative and safe. */
  const readLength = (what: string): number => {
    const at = pos;
    const marker = nextMarker(what);
    if (![0x69, 0x55, 0x49, 0x6c, 0x4c].includes(marker))
      fail(`${what} must be an integer, not marker ${markerName(marker)}`, at);
    const n = readScalar(marker, at);
    if (typeof n !== "number" || n < 0) fail(`negative or oversized ${what} ${String(n)}`, at);
    return n as number;
  };

  function readString(what: string): string {
    const n = readLength(`${what} length`);
    need(n, what);
    const start = pos;
    pos += n;
    try {
      return utf8.decode(bytes.subarray(start, start + n));
    } catch {
      return fail(`invalid utf-8 in ${what}`, start);
    }
  }

  /** After `[` or `{`: the optional `$` type and `#` count of an optimized container. */
  const readHeader = (): { type: number | undefined; count: number | undefined } => {
    let type: number | undefined;
    if (bytes[pos] === 0x24) {
      // $
      pos++;
      const at = pos;
      need(1, "container type");
      type = bytes[pos++];
      if (type === 0x4e || type === 0x5d || type === 0x7d)
        fail(`container type ${markerName(type)} is not allowed`, at);
      if (bytes[pos] !== 0x23) fail("a $ container type must be followed by a # count");
    }
    let count: number | undefined;
    if (bytes[pos] === 0x23) {
      // #
      pos++;
      count = readLength("container count");
      const size = type === undefined ? 1 : fixedSize(type);
      if (size === 0 ? count > MAX_EMPTY_ELEMENTS : count * size > end - pos)
        fail(`container count ${count} exceeds the ${end - pos} bytes left`);
    }
    return { type, count };
  };

  function readValue(depth: number): UbjValue {
    const at = pos;
    return readTyped(nextMarker("value"), at, depth);
  }

  function readTyped(marker: number, at: number, depth: number): UbjValue {
    if (marker === 0x5b) return readArray(depth + 1, at);
    if (marker === 0x7b) return readObject(depth + 1, at);
    return readScalar(marker, at);
  }

  function element(type: number | undefined, depth: number): UbjValue {
    return type === undefined ? readValue(depth) : readTyped(type, pos, depth);
  }

  function readArray(depth: number, at: number): UbjValue[] {
    if (depth > MAX_DEPTH) fail(`containers nested deeper than ${MAX_DEPTH}`, at);
    const { type, count } = readHeader();
    const out: UbjValue[] = [];
    if (count !== undefined) {
      for (let i = 0; i < count; i++) out.push(element(type, depth));
      return out;
    }
    for (;;) {
      while (pos < end && bytes[pos] === 0x4e) pos++;
      need(1, "array");
      if (bytes[pos] === 0x5d) {
        pos++;
        return out;
      }
      out.push(readValue(depth));
    }
  }

  function readObject(depth: number, at: number): { [key: string]: UbjValue } {
    if (depth > MAX_DEPTH) fail(`containers nested deeper than ${MAX_DEPTH}`, at);
    const { type, count } = readHeader();
    const out: { [key: string]: UbjValue } = {};
    const put = (): void => {
      const key = readString("object key");
      // defineProperty: a key "__proto__" is data, not the prototype.
      Object.defineProperty(out, key, {
        value: element(type, depth),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    };
    if (count !== undefined) {
      for (let i = 0; i < count; i++) put();
      return out;
    }
    for (;;) {
      while (pos < end && bytes[pos] === 0x4e) pos++;
      need(1, "object");
      if (bytes[pos] === 0x7d) {
        pos++;
        return out;
      }
      put();
    }
  }

  if (end === 0) fail("empty input");
  const value = readValue(0);
  if (pos !== end) fail(`${end - pos} bytes after the value`);
  return value;
}

/** Payload bytes of one element of a `$`-typed container, or 1 (at least) for variable-size types. */
function fixedSize(type: number): number {
  switch (type) {
    case 0x5a:
    case 0x54:
    case 0x46:
      return 0;
    case 0x69:
    case 0x55:
    case 0x43:
      return 1;
    case 0x49:
      return 2;
    case 0x6c:
    case 0x64:
      return 4;
    case 0x4c:
    case 0x44:
      return 8;
    default:
      return 1;
  }
}
