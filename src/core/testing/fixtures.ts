/** Small builders for model tests. */
import type { IssueActor, IssueInput } from '../model.js';

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
