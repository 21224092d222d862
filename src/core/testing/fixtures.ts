/** Small builders for model tests. */
import type { IssueActor, IssueInput } from '../model.js';
import { createRng } from '../rng.js';

/** An issue on the given scale from `[position, capability, salience]` triples; ids a, b, c, … */
export function issueOf(
  triples: ReadonlyArray<readonly [position: number, capability: number, salience: number]>,
  options: { min?: number; max?: number; statusQuo?: number } = {},
): IssueInput {
  const actors: IssueActor[] = triples.map(([position, capability, salience], index) => {
    const id = String.fromCharCode(97 + index);
    return { id, name: id.toUpperCase(), position, capability, salience };
  });
  return {
    id: 'X',
    name: 'Test issue',
    scale: { min: options.min ?? 0, max: options.max ?? 100 },
    ...(options.statusQuo === undefined ? {} : { statusQuo: options.statusQuo }),
    actors,
  };
}

/**
 * n actors drawn from a seed — capability U(1, 100), position U(0, 100), salience
 * U(0.1, 1) — for benchmarks and randomised tests. Ids a0, a1, …
 */
export function randomActors(size: number, seed: number): IssueActor[] {
  const rng = createRng(seed);
  return Array.from({ length: size }, (_, index) => ({
    id: `a${index}`,
    name: `A${index}`,
    capability: 1 + rng.next() * 99,
    position: rng.next() * 100,
    salience: 0.1 + rng.next() * 0.9,
  }));
}
