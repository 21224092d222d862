/**
 * Chart specs: pure functions from Parley's results to Vega-Lite specs. No I/O and no Vega
 * import, so the web app renders the very same specs with vega-embed that the command line
 * renders to SVG and PNG with `render.ts`: a figure looks the same in both.
 *
 * Every label that must not collide (the anchors' meanings under the forecast chart, the
 * actors' names at the end of a trajectory) is placed here, in pixels, by `charts/label-layout.ts`, so the layout does not depend on the renderer's text metrics.
 * Text sizes are estimated generously (0.6 em a character) for the same reason.
 */

export { chartKinds, type ChartSpec, type ChartKind, type ChartIssue, type ModelForecast, type EumChartDetails } from './charts/types.js';
export { formatValue } from './charts/theme.js';
export { anchorsOf, truncateText } from './charts/layers.js';
export { forecastChart, type ForecastChartOptions } from './charts/forecast.js';
export { trajectoryChart, type TrajectoryChartOptions } from './charts/trajectory.js';
export { relationCategories, relationsChart, type RelationsChartOptions } from './charts/relations.js';
export { inputLabel, rankInputs, tornadoChart, type TornadoChartOptions } from './charts/tornado.js';
export { distributionChart, type DistributionChartOptions } from './charts/distribution.js';
export { anchorLabelLayout, wrapText, spreadLabels, type AnchorLabel } from './charts/label-layout.js';
