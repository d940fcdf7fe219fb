/**
 * Throws unless `actual` lists exactly the model's features in the model's order, naming the
 * first difference: scoring a matrix with shuffled columns would silently give wrong answers.
 */
export function assertSameFeatures(
  expected: readonly string[],
  actual: readonly string[],
  what: string,
): void {
  if (expected.length !== actual.length) {
    throw new Error(`${what} has ${actual.length} features, the model ${expected.length}`);
  }
  for (let j = 0; j < expected.length; j++) {
    if (expected[j] !== actual[j]) {
      throw new Error(
        `${what} feature ${j} is ${JSON.stringify(actual[j])}, the model expects ${JSON.stringify(expected[j])}`,
      );
    }
  }
}
