/**
 * Analyses over the models: Monte Carlo (how sure is the forecast), sensitivity (what
 * drives it) and comparison of variants (what if). Pure: they run in a browser, in a worker
 * and in the CLI alike.
 */
export { compare, type CompareRequest, type CompareResult, type Comparison, type VariantForecast } from './compare.js';
export {
  drawRows,
  planDraws,
  runDraws,
  runPlannedDraws,
  type DrawBatch,
  type DrawControl,
  type DrawPlan,
  type DrawRow,
  type MonteCarloRequest,
} from './draws.js';
export {
  inProcessExecutor,
  monteCarlo,
  type DrawExecutor,
  type MonteCarloOptions,
  type MonteCarloRun,
  type MonteCarloSummary,
  type RunControl,
} from './monte-carlo.js';
export { inputName, prepareModels, rangedInputs, type AnalysisRequest, type PreparedModels, type RangedInput } from './request.js';
export {
  sensitivity,
  type ParameterSweep,
  type SensitivityRequest,
  type SensitivityResult,
  type SweepRow,
  type Tornado,
  type TornadoBar,
} from './sensitivity.js';
export { mean, quantileSorted, standardDeviation } from './statistics.js';
export { summariseDraws, type Band, type ForecastDistribution, type TailProbability } from './summary.js';
export { triangularDensity, triangularMean, triangularQuantile, triangularVariance } from './triangular.js';
