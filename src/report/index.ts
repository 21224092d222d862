/**
 * `import … from 'parley/report'`: charts and the brief. Chart specs are Vega-Lite (the web
 * app draws the same ones); `renderSvg` and `renderPng` draw them without a browser;
 * `makeBrief` writes the self-contained HTML brief that `parley report` saves.
 */
export {
  chartKinds,
  distributionChart,
  forecastChart,
  relationsChart,
  tornadoChart,
  trajectoryChart,
  type ChartIssue,
  type ChartKind,
  type ChartSpec,
  type DistributionChartOptions,
  type EumChartDetails,
  type ForecastChartOptions,
  type ModelForecast,
  type RelationsChartOptions,
  type TornadoChartOptions,
  type TrajectoryChartOptions,
} from './charts.js';
export { figure, type FigureRequest } from './figures.js';
export { renderPng, renderSvg, svgToPng, type PngOptions } from './render.js';
export { describeForecasts, describeSpread } from './words.js';
export {
  briefFigures,
  briefHtml,
  gatherBrief,
  inputsHash,
  makeBrief,
  type Brief,
  type BriefDriver,
  type BriefFigure,
  type BriefIssue,
  type BriefRequest,
} from './brief.js';
