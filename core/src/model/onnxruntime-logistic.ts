/**
 * onnxruntime's LOGISTIC post-transform, float32 for float32, as its CPU TreeEnsembleClassifier
 * computes it (`ComputeLogistic` in onnxruntime/core/providers/cpu/ml/ml_common.h):
 *
 *     float v = 1 / (1 + std::exp(-std::abs(val)));  return val < 0 ? 1 - v : v;
 *
 * with `std::exp(float)` being glibc's `expf` (2.28 and later: sysdeps/ieee754/flt-32/e_expf.c,
 * a 32-entry table of 2^(i/32) and a cubic in double precision, rounded once to float). The table
 * and the polynomial are reproduced here in doubles, so the float32 result is the same bit for bit
 * — except where the double result lies so close to a float32 rounding boundary that a fused
 * multiply-add (glibc's `__expf_fma`, chosen on CPUs with FMA) and separate operations could round
 * differently: there this returns NaN and the caller asks onnxruntime instead. Over the scores of a
 * batch that happened for one row in 70 000 (simulated customers, XGBoost's Telco model).
 */

const N = 32;
/** InvLn2N = 0x1.71547652b82fep+0 · N */
const INV_LN2_N = 1.4426950408889634 * N;
/** 0x1.8p+52: adding it rounds a double to an integer (ties to even), as glibc does. */
const SHIFT = 6755399441055744;
/** poly_scaled: {0x1.c6af84b912394p-5/N³, 0x1.ebfce50fac4f3p-3/N², 0x1.62e42ff0c52d6p-1/N} */
const C0 = 0.05550361559341535 / (N * N * N);
const C1 = 0.2402284522445722 / (N * N);
const C2 = 0.6931471806916203 / N;

/**
 * glibc's `__exp2f_data.tab`: the bits of 2^(i/32), correctly rounded, minus i << 47. Written out
 * because `2 ** (i / 32)` in V8 is off by one ulp for four of them.
 */
const TAB_BITS = [
  "3ff0000000000000",
  "3fefd9b0d3158574",
  "3fefb5586cf9890f",
  "3fef9301d0125b51",
  "3fef72b83c7d517b",
  "3fef54873168b9aa",
  "3fef387a6e756238",
  "3fef1e9df51fdee1",
  "3fef06fe0a31b715",
  "3feef1a7373aa9cb",
  "3feedea64c123422",
  "3feece086061892d",
  "3feebfdad5362a27",
  "3feeb42b569d4f82",
  "3feeab07dd485429",
  "3feea47eb03a5585",
  "3feea09e667f3bcd",
  "3fee9f75e8ec5f74",
  "3feea11473eb0187",
  "3feea589994cce13",
  "3feeace5422aa0db",
  "3feeb737b0cdc5e5",
  "3feec49182a3f090",
  "3feed503b23e255d",
  "3feee89f995ad3ad",
  "3feeff76f2fb5e47",
  "3fef199bdd85529c",
  "3fef3720dcef9069",
  "3fef5818dcfba487",
  "3fef7c97337b9b5f",
  "3fefa4afa2a490da",
  "3fefd0765b6e4540",
];
/** 2^(i/32) as doubles: the table entries with i << 47 added back. */
const TAB = Float64Array.from(TAB_BITS, (hex, i) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`) + (BigInt(i) << 47n));
  return view.getFloat64(0);
});

/** Multipliers for a power of two, 2^e for e in [-160, 10], exact. */
const POW2_MIN = -160;
const POW2 = Float64Array.from({ length: 171 }, (_, k) => 2 ** (k + POW2_MIN));

/** Relative half-width of the band around a float32 rounding boundary where the answer is uncertain. */
const GUARD = 2 ** -44;

/**
 * glibc's `expf(x)` for a float32 `x ≤ 0` (the only arguments the logistic needs); NaN when the
 * rounding to float32 is too close to call (see the file comment).
 */
export function glibcExpfNonPositive(x: number): number {
  if (x < -103.97207708) return 0; // x < log(2^-150): underflow to +0
  const z = INV_LN2_N * x;
  const kd = z + SHIFT - SHIFT;
  const r = z - kd;
  const k = kd | 0;
  const s = TAB[k & 31] * POW2[(k >> 5) - POW2_MIN];
  const y = ((C0 * r + C1) * (r * r) + (C2 * r + 1)) * s;
  const f = Math.fround(y);
  // Both ends of the band must round to the same float32, or FMA could have changed the answer.
  if (Math.fround(y * (1 - GUARD)) !== f || Math.fround(y * (1 + GUARD)) !== f) return NaN;
  return f;
}

/**
 * onnxruntime's float32 `ComputeLogistic` of a float32 score: P(class 1), the `probabilities[1]`
 * output of a LOGISTIC TreeEnsembleClassifier. NaN when the result cannot be decided here (a
 * few in 10⁵ scores, see the file comment): ask onnxruntime for that row.
 *
 * @example
 * onnxruntimeLogistic(Math.fround(0.25)); // 0.5621765255928040 (a float32)
 */
export function onnxruntimeLogistic(score: number): number {
  const a = Math.abs(score);
  const e = glibcExpfNonPositive(-a);
  const v = Math.fround(1 / Math.fround(1 + e));
  return score < 0 ? Math.fround(1 - v) : v;
}
