import { describe, expect, it } from 'vitest';
import { issueOf } from '../testing/fixtures.js';
import { compromiseForecast } from './compromise.js';
import { medianForecast, weightedMedian } from './median.js';
import { nashForecast } from './nash.js';

// Bueno de Mesquita & Stokman (1994) EC car-emission standards, as in Scholz, Calbert &
// Smith (2011), Table 1: [position, capability, salience] for the Netherlands, Belgium,
// Luxembourg, Germany, France, Italy, UK, Ireland, Denmark, Greece.
const euEmissions = issueOf(
  [
    [4, 0.08, 0.8],
    [7, 0.08, 0.4],
    [4, 0.03, 0.2],
    [4, 0.16, 0.8],
    [10, 0.16, 0.6],
    [10, 0.16, 0.6],
    [10, 0.16, 0.9],
    [7, 0.05, 0.1],
    [4, 0.05, 1.0],
    [7, 0.08, 0.7],
  ],
  { min: 0, max: 10 },
);

describe('compromise model', () => {
  it('reproduces the EU emissions weighted mean', () => {
    // reference/bdm/trajectories/eu_emissions.json, round 0, weightedMean
    expect(compromiseForecast(euEmissions).forecast).toBeCloseTo(7.389955686853767, 12);
  });

  it('weights positions by capability × salience (hand computed)', () => {
    // (2·1·0 + 1·1·90 + 1·0.5·60) / (2 + 1 + 0.5) = 120 / 3.5
    const result = compromiseForecast(
      issueOf([
        [0, 2, 1],
        [90, 1, 1],
        [60, 1, 0.5],
      ]),
    );
    expect(result.forecast).toBeCloseTo(120 / 3.5, 12);
    const shares = (result.details.contributions as Array<{ share: number }>).map((c) => c.share);
    expect(shares).toEqual([2 / 3.5, 1 / 3.5, 0.5 / 3.5]);
  });

  it('a single actor gets its position', () => {
    expect(compromiseForecast(issueOf([[37, 1, 0.4]])).forecast).toBe(37);
  });

  it('zero salience everywhere: status quo if any, else the plain mean, with a note', () => {
    const withSq = compromiseForecast(
      issueOf(
        [
          [10, 1, 0],
          [30, 1, 0],
        ],
        { statusQuo: 80 },
      ),
    );
    expect(withSq.forecast).toBe(80);
    expect(withSq.notes[0]).toMatch(/status quo stands/);
    expect(
      compromiseForecast(
        issueOf([
          [10, 1, 0],
          [30, 1, 0],
        ]),
      ).forecast,
    ).toBe(20);
  });
});

describe('weighted median', () => {
  it('reproduces the EU emissions weighted median', () => {
    // reference/bdm/trajectories/eu_emissions.json, round 0, weightedMedian
    expect(medianForecast(euEmissions).forecast).toBe(7);
  });

  it('takes the first position whose cumulative weight reaches half (hand computed)', () => {
    // weights 1, 1, 3 at 2, 5, 9: half = 2.5; cumulative 1, 2, 5 → 9
    expect(
      medianForecast(
        issueOf([
          [2, 1, 1],
          [5, 1, 1],
          [9, 3, 1],
        ]),
      ).forecast,
    ).toBe(9);
    // weights 2, 1, 1 at 9, 2, 5 (unsorted input): sorted 2(1), 5(1), 9(2); half 2 → 5
    expect(
      medianForecast(
        issueOf([
          [9, 2, 1],
          [2, 1, 1],
          [5, 1, 1],
        ]),
      ).forecast,
    ).toBe(5);
  });

  it('groups actors at the same position', () => {
    // 10 (w 1), 10 (w 1), 50 (w 1.5), 90 (w 0.2): half = 1.85, cumulative at 10 = 2 → 10
    expect(
      medianForecast(
        issueOf([
          [10, 1, 1],
          [10, 1, 1],
          [50, 1.5, 1],
          [90, 1, 0.2],
        ]),
      ).forecast,
    ).toBe(10);
  });

  it('an exact tie reports the lower end and says the interval', () => {
    const result = medianForecast(
      issueOf([
        [20, 1, 1],
        [80, 1, 1],
      ]),
    );
    expect(result.forecast).toBe(20);
    expect(result.notes[0]).toMatch(/from 20 to 80/);
    expect(
      weightedMedian([
        { position: 20, capability: 1, salience: 1 },
        { position: 80, capability: 1, salience: 1 },
      ]),
    ).toEqual({ median: 20, upperTie: 80 });
  });

  it('an exact half split is found although the weights do not add up exactly in floating point', () => {
    // 0.3 against 0.1 + 0.2: 0.3 < (0.3 + 0.1 + 0.2) / 2 = 0.30000000000000004 in floating
    // point, but exactly half in real arithmetic, so the rule gives the lower end, 0.
    const result = medianForecast(
      issueOf([
        [0, 1, 0.3],
        [50, 1, 0.1],
        [100, 1, 0.2],
      ]),
    );
    expect(result.forecast).toBe(0);
    expect(result.notes[0]).toMatch(/from 0 to 50/);
  });

  it('zero-weight actors take no part', () => {
    // b has salience 0: the median of a (w 1 at 10) and c (w 1.2 at 70) is 70
    expect(
      medianForecast(
        issueOf([
          [10, 1, 1],
          [40, 5, 0],
          [70, 1.2, 1],
        ]),
      ).forecast,
    ).toBe(70);
  });

  it('a single actor gets its position', () => {
    expect(medianForecast(issueOf([[63, 0.2, 0.9]])).forecast).toBe(63);
  });
});

describe('asymmetric Nash bargaining solution', () => {
  it('two actors at the ends, weights 2 : 1, no status quo → 100/3 (hand computed)', () => {
    // maximise 2 log(1 − x/100) + log(x/100): −2/(100 − x) + 1/x = 0 → x = 100/3
    expect(
      nashForecast(
        issueOf([
          [0, 2, 1],
          [100, 1, 1],
        ]),
      ).forecast,
    ).toBeCloseTo(100 / 3, 10);
  });

  it('equal weights at the ends → the middle', () => {
    expect(
      nashForecast(
        issueOf([
          [0, 1, 1],
          [100, 1, 1],
        ]),
      ).forecast,
    ).toBeCloseTo(50, 10);
  });

  it('a dominant actor wins at a kink: the optimum is its position', () => {
    // slope just right of 30 = −5/100 + 1/(100 − 40) < 0, just left = +5/100 + 1/60 > 0
    expect(
      nashForecast(
        issueOf([
          [30, 5, 1],
          [70, 1, 1],
        ]),
      ).forecast,
    ).toBe(30);
  });

  it('three actors: interior optimum satisfies the first-order condition (hand derived)', () => {
    // a at 0 (w 1), b at 60 (w 1), c at 100 (w 1); the optimum lies in (60, 100) where
    // f'(x) = −1/(100 − x) − 1/(100 − x + 60) + 1/x = 0  ⇔  x² … solved numerically below.
    const x = nashForecast(
      issueOf([
        [0, 1, 1],
        [60, 1, 1],
        [100, 1, 1],
      ]),
    ).forecast;
    const derivative = -1 / (100 - x) - 1 / (160 - x) + 1 / x;
    // Or the optimum is the kink at 60: check both one-sided slopes there.
    const leftSlope = -1 / (100 - 60) + 1 / 100 + 1 / 60;
    const rightSlope = -1 / (100 - 60) - 1 / 100 + 1 / 60;
    if (leftSlope >= 0 && rightSlope <= 0) expect(x).toBe(60);
    else expect(Math.abs(derivative)).toBeLessThan(1e-9);
  });

  it('is at least as good as every point of a fine grid (random cases)', () => {
    let state = 12345;
    const random = () => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 50; trial++) {
      const size = 2 + Math.floor(random() * 6);
      const triples = Array.from({ length: size }, () => [Math.round(random() * 100), 0.1 + random(), random()] as const);
      const statusQuo = trial % 2 === 0 ? undefined : Math.round(random() * 100);
      const issue = issueOf(triples, statusQuo === undefined ? {} : { statusQuo });
      const result = nashForecast(issue);
      const objective = (x: number) =>
        issue.actors.reduce((sum, actor) => {
          const utility = 1 - Math.abs(x - actor.position) / 100;
          const disagreement = statusQuo === undefined ? 0 : 1 - Math.abs(statusQuo - actor.position) / 100;
          const gain = utility - disagreement;
          if (actor.salience === 0) return sum;
          return gain > 0 ? sum + actor.capability * actor.salience * Math.log(gain) : -Infinity;
        }, 0);
      if (result.details.agreement === false) {
        for (let x = 0; x <= 100; x += 0.01) expect(objective(x)).toBe(-Infinity);
        continue;
      }
      const best = objective(result.forecast);
      for (let x = 0; x <= 100; x += 0.01) expect(objective(x)).toBeLessThanOrEqual(best + 1e-12);
    }
  });

  it('status quo between the actors: no agreement beats it', () => {
    const result = nashForecast(
      issueOf(
        [
          [20, 1, 1],
          [80, 1, 1],
        ],
        { statusQuo: 50 },
      ),
    );
    expect(result.forecast).toBe(50);
    expect(result.details.agreement).toBe(false);
    expect(result.notes[0]).toMatch(/no agreement beats the status quo/);
  });

  it('status quo at one side: the agreement leaves everyone better off (hand computed)', () => {
    // q = 0, ideals 40 and 60: gains x and x on (0, 40), 80 − x and x on (40, 60):
    // the slope is 0 just right of 40 and positive left of it → 40
    const result = nashForecast(
      issueOf(
        [
          [40, 1, 1],
          [60, 1, 1],
        ],
        { statusQuo: 0 },
      ),
    );
    expect(result.forecast).toBe(40);
    expect(result.details.feasible).toEqual([0, 80]);
  });

  it('everyone at the top of the scale, no status quo → the top', () => {
    expect(
      nashForecast(
        issueOf([
          [100, 1, 1],
          [100, 2, 0.5],
        ]),
      ).forecast,
    ).toBe(100);
  });

  it('a single actor gets its position; a zero-salience actor does not veto', () => {
    expect(nashForecast(issueOf([[70, 1, 1]], { statusQuo: 10 })).forecast).toBe(70);
    // c sits on the status quo but does not care: it neither pulls nor vetoes
    expect(
      nashForecast(
        issueOf(
          [
            [70, 1, 1],
            [80, 1, 1],
            [10, 3, 0],
          ],
          { statusQuo: 10 },
        ),
      ).forecast,
    ).toBeGreaterThan(10);
  });
});
