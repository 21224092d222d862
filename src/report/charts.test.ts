import { describe, expect, it } from 'vitest';
import type { Tornado, TornadoBar } from '../core/analyses/sensitivity.js';
import type { EumRoundRelations } from '../core/models/eum/index.js';
import {
  anchorLabelLayout,
  distributionChart,
  forecastChart,
  rankInputs,
  relationsChart,
  spreadLabels,
  tornadoChart,
  trajectoryChart,
  truncateText,
  wrapText,
  type ChartIssue,
  type ChartSpec,
} from './charts.js';

const issue: ChartIssue = {
  id: 'FORCES',
  name: 'Foreign troops',
  scale: { min: 0, max: 100 },
  anchors: { 0: 'allied combat forces stationed in Ukraine', 50: 'no Western troops on Ukrainian soil', 100: 'no foreign military presence at all' },
  statusQuo: 50,
};

/** Every `data` of a spec and its layers. */
function dataOf(spec: unknown): Array<{ values?: unknown[]; url?: string }> {
  if (Array.isArray(spec)) return spec.flatMap(dataOf);
  if (spec === null || typeof spec !== 'object') return [];
  const record = spec as Record<string, unknown>;
  return [...(record.data ? [record.data as { values?: unknown[] }] : []), ...Object.values(record).flatMap(dataOf)];
}

/** The rows of every distinct data array of a spec (layers that share one array count it once). */
function rowsOf(spec: ChartSpec): Array<Record<string, unknown>> {
  const arrays = new Set(dataOf(spec).map((data) => data.values ?? []));
  return [...arrays].flatMap((values) => values as Array<Record<string, unknown>>);
}

/** The rows of one layer. */
function layerRows(spec: ChartSpec, index: number): Array<Record<string, unknown>> {
  return (spec as { layer: Array<{ data: { values: Array<Record<string, unknown>> } }> }).layer[index]!.data.values;
}

function bar(name: string, atLow: number, atHigh: number, base = 50): TornadoBar {
  const [actor, field] = name.split('.') as [string, 'capability'];
  return { name, field, actor, low: 0, mode: 1, high: 2, atLow, atHigh, swing: Math.max(atLow, base, atHigh) - Math.min(atLow, base, atHigh) };
}

describe('wrapText', () => {
  it('breaks at spaces, keeping lines within the width', () => {
    expect(wrapText('no Western troops on Ukrainian soil', 16)).toEqual(['no Western', 'troops on', 'Ukrainian soil']);
  });

  it('hyphenates a word longer than a line', () => {
    expect(wrapText('Donetsk+Luhansk+Zaporizhzhia', 10)).toEqual(['Donetsk+L-', 'uhansk+Za-', 'porizhzhia']);
  });
});

describe('spreadLabels', () => {
  it('moves colliding labels apart around their targets, in input order', () => {
    expect(spreadLabels([50, 50, 100], 12, 0, 300)).toEqual([44, 56, 100]);
    expect(spreadLabels([100, 50, 50], 12, 0, 300)).toEqual([100, 44, 56]);
  });

  it('keeps labels inside the range when there is room, centred on it when there is not', () => {
    expect(spreadLabels([0, 0], 10, 0, 300)).toEqual([0, 10]);
    expect(spreadLabels([300, 300], 10, 0, 300)).toEqual([290, 300]);
    expect(spreadLabels([5, 5, 5, 5, 5], 10, 0, 20)).toEqual([-10, 0, 10, 20, 30]);
  });

  it('leaves labels that do not collide where they are', () => {
    expect(spreadLabels([10, 80, 40], 12, 0, 100)).toEqual([10, 80, 40]);
  });
});

describe('anchorLabelLayout', () => {
  const overlapping = (labels: ReturnType<typeof anchorLabelLayout>) =>
    labels.some((a, i) => labels.some((b, j) => i < j && a.lane === b.lane && Math.abs(a.centre - b.centre) < (a.width + b.width) / 2));

  it('one lane when anchors are far enough apart, each label within its width', () => {
    const labels = anchorLabelLayout(issue, 560, 0);
    expect(labels.map((label) => label.lane)).toEqual([0, 0, 0]);
    expect(overlapping(labels)).toBe(false);
    for (const label of labels) for (const line of label.lines) expect(line.length * 10 * 0.6).toBeLessThanOrEqual(label.width);
  });

  it('crowded anchors take turns in lanes, so that no two in a lane overlap', () => {
    const crowded: ChartIssue = {
      ...issue,
      anchors: Object.fromEntries([0, 10, 20, 30, 40, 50, 60, 65, 70, 100].map((point) => [point, `a long description of point ${point}`])),
    };
    const labels = anchorLabelLayout(crowded, 560, 30);
    expect(new Set(labels.map((label) => label.lane)).size).toBeGreaterThan(1);
    expect(overlapping(labels)).toBe(false);
    // A lower lane starts below the tallest label of the lane above.
    const laneOne = labels.find((label) => label.lane === 1)!;
    const tallestInLaneZero = Math.max(...labels.filter((label) => label.lane === 0).map((label) => label.lines.length));
    expect(laneOne.top).toBeGreaterThanOrEqual(30 + tallestInLaneZero * 12);
  });
});

describe('chart specs', () => {
  it('forecast: a row per model and one for the status quo; only inline data', () => {
    const spec = forecastChart(issue, [
      { model: 'compromise', forecast: 47.03 },
      { model: 'median', forecast: 35 },
    ]);
    const rows = rowsOf(spec);
    expect(rows.filter((row) => row.what === 'forecast').map((row) => row.row)).toEqual(['compromise', 'median']);
    expect(rows.filter((row) => row.what === 'status quo').map((row) => row.value)).toEqual([50]);
    expect(rows.some((row) => Array.isArray(row.lines) && (row.lines as string[]).join(' ') === 'no Western troops on Ukrainian soil')).toBe(true);
    expect(dataOf(spec).every((data) => data.url === undefined && Array.isArray(data.values))).toBe(true);
    expect(JSON.parse(JSON.stringify(spec))).toEqual(spec);
  });

  it('tornado: inputs ranked by the mean swing over the models; inputs that move nothing left out', () => {
    const tornadoes: Tornado[] = [
      { model: 'm1', issue: 'FORCES', base: 50, bars: [bar('a.capability', 40, 60), bar('b.capability', 49, 51), bar('c.capability', 50, 50)] },
      { model: 'm2', issue: 'FORCES', base: 50, bars: [bar('a.capability', 50, 50), bar('b.capability', 30, 70), bar('c.capability', 50, 50)] },
    ];
    expect(rankInputs(tornadoes).map((entry) => [entry.name, entry.meanSwing])).toEqual([
      ['b.capability', 21],
      ['a.capability', 10],
    ]);
    const rows = rowsOf(tornadoChart(issue, tornadoes, { actorNames: { a: 'Alpha' } }));
    // m2 does not move with a: no bar for it.
    expect(rows.filter((row) => row.input === 'Alpha · capability').map((row) => row.model)).toEqual(['m1']);
    expect(rows.find((row) => row.input === 'b · capability' && row.model === 'm2')).toMatchObject({ atLow: -20, atHigh: 20, from: -20, to: 20 });
  });

  it('trajectory and relations read an eum forecast’s details; a dot only where the target moved for that challenger', () => {
    const relations: EumRoundRelations[] = [
      {
        round: 1,
        pairs: [
          { challenger: 'a', target: 'b', kind: 'compromise', challengerUtility: 1, targetUtility: -0.5, probability: 0.7, to: 20, taken: true },
          { challenger: 'b', target: 'a', kind: 'none', challengerUtility: -1, targetUtility: 1, probability: 0.3 },
          { challenger: 'c', target: 'b', kind: 'capitulation', challengerUtility: 1, targetUtility: -2, probability: 0.8, to: 0 },
        ],
        moves: [{ actor: 'b', by: 'a', kind: 'compromise', from: 60, to: 20, shares: [] }],
      },
    ];
    const details = {
      actors: [
        { id: 'a', name: 'Alpha', weight: 1 },
        { id: 'b', name: 'Beta', weight: 1 },
        { id: 'c', name: 'Gamma', weight: 1 },
      ],
      trajectory: [
        { round: 0, median: 10, mean: 23.3, positions: { a: 10, b: 60, c: 0 } },
        { round: 1, median: 10, mean: 10, positions: { a: 10, b: 20, c: 0 } },
      ],
      relations,
    };
    const trajectory = rowsOf(trajectoryChart(issue, details));
    expect(trajectory.filter((row) => row.actor === 'Beta' && row.position !== undefined && row.round !== undefined).map((row) => row.position)).toEqual([
      60, 20,
    ]);
    const cells = layerRows(relationsChart(issue, details), 0);
    expect(cells.map((row) => [row.challenger, row.target, row.moved])).toEqual([
      ['Alpha', 'Beta', true],
      ['Gamma', 'Beta', false],
    ]);
  });

  it('distribution: a cell per non-empty histogram bin with its share of draws', () => {
    const spec = distributionChart(issue, [
      {
        model: 'm1',
        issue: 'FORCES',
        draws: 4,
        mean: 40,
        sd: 1,
        min: 30,
        p5: 30,
        p10: 30,
        median: 40,
        p90: 50,
        p95: 50,
        max: 50,
        histogram: { min: 0, max: 100, counts: [0, 0, 0, 1, 2, 1, 0, 0, 0, 0] },
        bands: [],
        atAnchors: [],
        atLeast: [],
        modes: [],
      },
    ]);
    expect(
      rowsOf(spec)
        .filter((row) => row.share !== undefined)
        .map((row) => [row.from, row.to, row.share]),
    ).toEqual([
      [30, 40, 0.25],
      [40, 50, 0.5],
      [50, 60, 0.25],
    ]);
  });

  it('truncateText cuts with an ellipsis', () => {
    expect(truncateText('United States – Trump team (incoming)', 16)).toBe('United States –…');
    expect(truncateText('Poland', 16)).toBe('Poland');
  });
});
