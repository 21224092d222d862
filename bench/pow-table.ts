/**
 * Makes `src/core/numerics/pow-table.json`: powers x^y of seeded random doubles, each the
 * double nearest to x^y computed with 60 significant digits (decimal.js), the reference
 * `correctlyRoundedPow` is tested against.
 *
 * The arguments are those the expected utility model raises: bases in (0, 1] (utilities
 * and distances as fractions of a scale), a few above 1, exponents in [0.5, 2] (risk
 * exponents), and near the edges (tiny bases, exponents near 1). The nearest double is
 * found exactly: the candidate from 17 digits and its two neighbours are compared as exact
 * decimals (`exactDecimalOfDouble`), so no step trusts a string-to-double conversion.
 *
 * Run: `npm run build && node dist/bench/pow-table.js > src/core/numerics/pow-table.json`.
 */
import { Decimal } from 'decimal.js';
import { createRng } from '../src/core/rng.js';
import { exactDecimalOfDouble } from '../src/core/models/exchange-decimal.js';

const Precise = Decimal.clone({ precision: 60, rounding: Decimal.ROUND_HALF_EVEN });
const seed = 20261202;
const count = 3000;

function neighbour(value: number, direction: 1 | -1): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, value);
  view.setBigUint64(0, view.getBigUint64(0) + BigInt(direction));
  return view.getFloat64(0);
}

/** The double nearest to x^y (x > 0), ties to even, from a 60-digit x^y. */
function nearestPow(base: number, exponent: number): number {
  const exact = new Precise(exactDecimalOfDouble(base))
    .ln()
    .times(new Precise(exactDecimalOfDouble(exponent)))
    .exp();
  const guess = Number(exact.toSignificantDigits(17).toString());
  const candidates = [neighbour(guess, -1), guess, neighbour(guess, 1)];
  const distances = candidates.map((candidate) => new Precise(exactDecimalOfDouble(candidate)).minus(exact).abs());
  let best = 1;
  for (const index of [0, 2]) if (distances[index]!.lessThan(distances[best]!)) best = index;
  for (const index of [0, 2])
    if (distances[index]!.equals(distances[best]!) && index !== best) throw new Error(`an exact tie at ${base}^${exponent}: extend the table's rule`);
  return candidates[best]!;
}

const rng = createRng(seed);
const rows: [number, number, number][] = [];
for (let index = 0; index < count; index++) {
  const kind = index % 6;
  const u = rng.next();
  const v = rng.next();
  const base = kind === 4 ? u * 1e-6 + 1e-300 : kind === 5 ? 1 + u * 9 : u === 0 ? 0.5 : u;
  const exponent = kind === 3 ? 1 + (v - 0.5) * 1e-6 : 0.5 + 1.5 * v;
  rows.push([base, exponent, nearestPow(base, exponent)]);
}
const table = {
  provenance: {
    generator: 'bench/pow-table.ts',
    command: 'npm run build && node dist/bench/pow-table.js > src/core/numerics/pow-table.json',
    seed,
    precision: '60 significant digits (decimal.js), rounded to the nearest double, ties to even, compared as exact decimals',
    rows: '[base, exponent, nearest double to base^exponent]',
  },
  rows,
};
process.stdout.write(`${JSON.stringify(table)}\n`);
