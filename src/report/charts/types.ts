/** The shapes the chart functions read and return. */
import type { TopLevelSpec } from 'vega-lite';
import type { EumRoundRelations, EumRoundState } from '../../core/models/eum/index.js';
import type { Issue } from '../../core/scenario.js';

/** A Vega-Lite spec, ready for `vega-embed` or `renderSvg`. */
export type ChartSpec = TopLevelSpec;

export const chartKinds = ['forecast', 'trajectory', 'tornado', 'distribution', 'relations'] as const;
export type ChartKind = (typeof chartKinds)[number];

/** What a chart needs of an issue (a scenario's `Issue` will do). */
export type ChartIssue = Pick<Issue, 'id' | 'name' | 'scale' | 'anchors' | 'statusQuo'>;

/** One model's point forecast on an issue (a `ForecastResult` will do). */
export interface ModelForecast {
  model: string;
  forecast: number;
}

/** What the trajectory and relation charts read of an EUM forecast's `details`. */
export interface EumChartDetails {
  actors: ReadonlyArray<{ id: string; name: string; weight: number }>;
  trajectory: ReadonlyArray<EumRoundState>;
  relations?: ReadonlyArray<EumRoundRelations>;
  rounds?: number;
  stop?: string;
  /** The cycle the medians ended in, when they did (the forecast is then the mean of its medians). */
  cycle?: { period: number; mean: number } | null;
}
