/**
 * `import … from 'parley'`: the public library. Exactly what this file exports is public
 * (the `"."` entry of package.json's `exports`); everything else is internal and may change.
 * Pure TypeScript with no Node imports, so it runs in Node, a browser and a worker alike.
 * Files and formats are in `parley/io`, charts and the brief in `parley/report`, the worker
 * pool in `parley/runtime`.
 */

// The scenario: what analysts write, and the helpers that read it.
export {
  anchorPoints,
  isRange,
  modeOf,
  nearestAnchor,
  type Actor,
  type Anchor,
  type Change,
  type Evidence,
  type Issue,
  type Range,
  type Scale,
  type Scenario,
  type Source,
  type Stance,
  type Uncertain,
  type Variant,
} from './scenario.js';
export { validateScenario, type ValidationResult } from './validate.js';
export { formatProblem, type Problem } from './problems.js';
export { scenarioJsonSchema } from './schema.js';
export { applyVariant, pointScenario, variantIds, type PointOptions, type ValueSite } from './resolve.js';
export { errorCodes, errorKinds, isErrorCode, ParleyError, type ErrorCode, type ErrorKind } from './errors.js';

// Forecasts and the models.
export { forecast, type Forecast, type ForecastRequest, type ForecastResult } from './forecast.js';
export {
  resolveParams,
  type ExplainOptions,
  type IssueActor,
  type IssueForecast,
  type IssueInput,
  type Model,
  type ModelRunOptions,
  type NoDetails,
  type ParamOptions,
  type ParamSettings,
  type ParamSpec,
  type ParamValues,
  type PointScenario,
} from './model.js';
export type { EnsembleDetails, EnsembleIssueDetails } from './models/ensemble.js';
export type { EumDetails, EumIssueDetails } from './models/eum/index.js';
export type { ExchangeDetails } from './models/exchange.js';
export type { SmpDetails, SmpIssueDetails } from './models/smp/index.js';
export {
  calibratedModel,
  compromiseModel,
  detailsOf,
  eumModel,
  exchangeModel,
  getModel,
  medianModel,
  modelIds,
  models,
  nashModel,
  smpModel,
  type ModelDetails,
} from './models/index.js';

// Analyses: how sure (Monte Carlo), what drives it (sensitivity), what if (compare), how accurate (backtest).
export {
  compare,
  drawRows,
  inProcessExecutor,
  monteCarlo,
  runDraws,
  sensitivity,
  summariseDraws,
  type AnalysisRequest,
  type Band,
  type CompareRequest,
  type CompareResult,
  type Comparison,
  type DrawBatch,
  type DrawExecutor,
  type DrawRow,
  type ForecastDistribution,
  type MonteCarloOptions,
  type MonteCarloRequest,
  type MonteCarloRun,
  type MonteCarloSummary,
  type ParameterSweep,
  type RangedInput,
  type RunControl,
  type SensitivityRequest,
  type SensitivityResult,
  type SweepRow,
  type TailProbability,
  type Tornado,
  type TornadoBar,
  type VariantForecast,
} from './analyses/index.js';
export {
  backtest,
  compareModels,
  defaultBacktestSeed,
  defaultResamples,
  type Backtest,
  type BacktestCase,
  type BacktestModel,
  type BacktestOptions,
  type CaseFailure,
  type CaseForecast,
  type ModelScore,
  type PairedComparison,
} from './analyses/backtest.js';
export {
  backtestOutcomes,
  scoreForecasts,
  type IssueForecastRecord,
  type ObservedOutcome,
  type OutcomeScoreOptions,
} from './analyses/outcomes.js';
export { asOfWarnings } from './as-of.js';

// Canonical JSON (RFC 8785): what inputs hashes are the SHA-256 of.
export { canonicalJson } from './canonical-json.js';

// Seeded randomness: every stochastic path takes an explicit seed.
export { createRng, deriveSeed, type Rng } from './rng.js';
