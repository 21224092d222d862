/** Seeded random cases for the exchange benches (bench/exchange.ts, bench/exchange-scale.ts). */
import type { IssueInput, PointScenario } from '../src/core/model.js';
import { createRng } from '../src/core/rng.js';

/** n actors on m issues: position U(0, 100), salience U(0.1, 1), capability U(0.1, 1) (one per actor), from a seed. */
export function randomCase(actors: number, issues: number, seed: number): PointScenario {
  const rng = createRng(seed);
  const capabilities = Array.from({ length: actors }, () => 0.1 + 0.9 * rng.next());
  const issueInputs: IssueInput[] = Array.from({ length: issues }, (_, issue) => ({
    id: `I${issue}`,
    name: `issue ${issue}`,
    scale: { min: 0, max: 100 },
    actors: capabilities.map((capability, actor) => ({
      id: `a${actor}`,
      name: `A${actor}`,
      capability,
      position: Math.round(rng.next() * 100),
      salience: 0.1 + 0.9 * rng.next(),
    })),
  }));
  return { id: `random-${actors}x${issues}`, title: 'random', issues: issueInputs };
}
