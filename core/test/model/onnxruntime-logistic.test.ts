// onnxruntime's float32 logistic, reproduced: every float32 score of a sweep (tails, underflow,
// tiny values, ±0, and dense runs of consecutive float32s) against onnxruntime-node itself. The
// probe model is one balanced tree whose leaf i holds score i and a base margin of 0, so row x = i
// makes onnxruntime's score exactly that float32.
import * as ort from "onnxruntime-node";
import { afterAll, describe, expect, it } from "vitest";
import { exportOnnx } from "../../src/model/onnx-export.ts";
import { DEFAULT_SESSION_OPTIONS } from "../../src/model/onnx-scorer.ts";
import { glibcExpfNonPositive, onnxruntimeLogistic } from "../../src/model/onnxruntime-logistic.ts";
import { allocateTree, type TreeEnsemble } from "../../src/model/tree.ts";

const sessions: ort.InferenceSession[] = [];
afterAll(async () => {
  for (const s of sessions) await s.release();
});

/** One tree with a leaf per score (x < i + ½ splits), so input i scores exactly scores[i]. */
function probe(scores: Float32Array): TreeEnsemble {
  const n = scores.length;
  const tree = allocateTree(2 * n - 1);
  let next = 0;
  const build = (lo: number, hi: number): number => {
    const i = next++;
    if (hi - lo === 1) {
      tree.left[i] = tree.right[i] = tree.feature[i] = -1;
      tree.value[i] = scores[lo];
      tree.cover[i] = 1;
      return i;
    }
    const mid = (lo + hi) >> 1;
    tree.feature[i] = 0;
    tree.threshold[i] = mid;
    tree.left[i] = build(lo, mid);
    tree.right[i] = build(mid, hi);
    tree.cover[i] = hi - lo;
    return i;
  };
  build(0, n);
  return { trees: [tree], baseMargin: 0, featureNames: ["i"] };
}

async function onnxLogistic(scores: Float32Array): Promise<Float32Array> {
  const s = await ort.InferenceSession.create(exportOnnx(probe(scores)), DEFAULT_SESSION_OPTIONS);
  sessions.push(s);
  const input = new ort.Tensor(
    "float32",
    Float32Array.from(scores, (_, i) => i),
    [scores.length, 1],
  );
  const p = (await s.run({ input }, ["probabilities"])).probabilities.data as Float32Array;
  return Float32Array.from(scores, (_, i) => p[2 * i + 1]);
}

function sweep(): Float32Array {
  const out: number[] = [
    0, -0, 88.72283935546875, -88.72283935546875, -103.972076416015625, -103.9720687866211, 120, -120,
  ];
  for (let k = 0; k <= 6000; k++) out.push(-120 + (240 * k) / 6000);
  for (let e = -40; e <= 4; e++) for (const m of [1, 1.37, 1.999]) out.push(m * 2 ** e, -m * 2 ** e);
  // Scores where glibc's expf and a correctly rounded exp part (found by the second test's scan).
  for (let k = 1; k <= 20_000; k++) {
    const x = Math.fround(-k / 1000);
    const e = glibcExpfNonPositive(x);
    if (e === e && e !== Math.fround(Math.exp(x))) out.push(x, -x);
  }
  // Runs of consecutive float32s around a few points (every bit pattern there).
  const f = new Float32Array(1);
  const u = new Uint32Array(f.buffer);
  for (const x of [0.5, -0.5, 3, -7.25, 16, -17.5, 30]) {
    f[0] = x;
    const start = u[0] - 300;
    for (let k = 0; k < 600; k++) {
      u[0] = start + k;
      out.push(f[0]);
    }
  }
  return Float32Array.from(out);
}

describe("onnxruntimeLogistic", () => {
  it("equals onnxruntime's LOGISTIC bit for bit over a sweep of float32 scores", async () => {
    const scores = sweep();
    const got = Float32Array.from(scores, (s) => onnxruntimeLogistic(s));
    const want = await onnxLogistic(scores);
    const undecided: number[] = [];
    for (let i = 0; i < scores.length; i++) {
      if (got[i] !== got[i]) undecided.push(scores[i]);
      else if (!Object.is(got[i], want[i]))
        expect.fail(`score ${scores[i]}: ${got[i]} here, ${want[i]} from onnxruntime`);
    }
    // Left to onnxruntime: only scores so close to 0 that expf lands next to a midpoint below 1
    // (x ≈ −2⁻²⁵: 1 − 2⁻²⁵ is halfway between two float32s), where FMA or not decides.
    expect(undecided.length).toBeLessThanOrEqual(2);
    for (const x of undecided) expect(Math.abs(x)).toBeLessThan(2 ** -20);
    expect(scores.length).toBeGreaterThan(10_000);
    // The sweep has teeth: the same formula over a correctly rounded exp misses onnxruntime on some scores.
    const naive = (x: number) => {
      const v = Math.fround(1 / Math.fround(1 + Math.fround(Math.exp(-Math.abs(x)))));
      return x < 0 ? Math.fround(1 - v) : v;
    };
    expect(scores.filter((x, i) => naive(x) !== want[i]).length).toBeGreaterThan(0);
  });

  it("takes glibc's expf, not a correctly rounded exp (they differ on some scores)", () => {
    let differ = 0;
    for (let k = 1; k <= 20_000; k++) {
      const x = Math.fround(-k / 1000);
      const e = glibcExpfNonPositive(x);
      if (e === e && e !== Math.fround(Math.exp(x))) differ++;
    }
    // Math.exp rounded to float32 is not what onnxruntime computes on every input; glibc's is.
    expect(differ).toBeGreaterThan(0);
    expect(glibcExpfNonPositive(-200)).toBe(0);
    expect(glibcExpfNonPositive(-0)).toBe(1);
  });
});
