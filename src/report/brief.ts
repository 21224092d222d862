/**
 * The brief: one self-contained HTML file an analyst can hand on (`parley report`). Three
 * steps, each usable alone:
 * - `gatherBrief` runs the analyses (forecast, Monte Carlo, tornado, variants) and collects
 *   what the brief says, per issue;
 * - `briefFigures` turns that into chart specs (the builders of `charts.ts`);
 * - `briefHtml` writes the page around the rendered figures. Every user-supplied string
 *   passes through the `html` template of `html.ts`, which escapes it.
 * `makeBrief` does all three and renders the figures to inline SVG. Opening the page loads
 * nothing: no scripts, no style sheets, no images, no fonts from outside.
 */
import type { AdviceExecutor } from '../core/analyses/advice-tasks.js';
import { advise, type Advice } from '../core/analyses/advise.js';
import { compare, type CompareResult, type Comparison } from '../core/analyses/compare.js';
import { headline, type Headline } from '../core/analyses/headline.js';
import { inputsHash as inputsHashOf } from '../core/inputs-hash.js';
import { monteCarlo, type DrawExecutor, type MonteCarloSummary } from '../core/analyses/monte-carlo.js';
import { withVariant, type AnalysisRequest } from '../core/analyses/request.js';
import { sensitivity, type SensitivityResult, type Tornado, type TornadoBar } from '../core/analyses/sensitivity.js';
import type { ForecastDistribution } from '../core/analyses/summary.js';
import { forecast, type Forecast, type ForecastResult } from '../core/forecast.js';
import { explainEumRound, hasEumRun } from '../core/models/eum/index.js';
import { detailsOf, getModel } from '../core/models/index.js';
import { stanceOf, type Change, type Evidence, type Issue, type Scenario, type Source, type Uncertain } from '../core/scenario.js';
import {
  distributionChart,
  forecastChart,
  formatValue,
  inputLabel,
  rankInputs,
  relationsChart,
  tornadoChart,
  trajectoryChart,
  type ChartKind,
  type ChartSpec,
  type EumChartDetails,
} from './charts.js';
import { actorNames } from './figures.js';
import { adviceLine, searchWords } from './advice-words.js';
import { dealWords } from './headline-words.js';
import { html, trusted, type HtmlValue, type SafeHtml } from './html.js';
import { renderSvg } from './render.js';
import { countWord, describeForecasts, describeSpread, nearestIssueAnchor } from './words.js';

export interface BriefRequest extends AnalysisRequest {
  /** Monte Carlo draws; default 100 (a quick brief; raise it for a final one, and for the tails). */
  draws?: number;
  /** Monte Carlo root seed (and the seed of stochastic models); default 1. */
  seed?: number;
  /** Histogram bins over each issue's scale; default 20. */
  bins?: number;
  /** Inputs whose evidence is shown per issue; default 3. */
  drivers?: number;
  /** Where the Monte Carlo draws run; default in-process. */
  executor?: DrawExecutor;
  /** Actors to advise in "What would move it" (`parley advise`, with the brief's draws and seed). */
  advise?: readonly string[];
  /** Where the advice search runs; default in-process. */
  adviceExecutor?: AdviceExecutor;
  /** Parley's version, for the methods section. */
  version?: string;
  /** The date the brief is made (`YYYY-MM-DD`), if it should say. */
  generated?: string;
  /** The scenario file's name, for the command that reproduces the brief. */
  file?: string;
}

/** An input that moves an issue's forecasts, with the evidence for its value. */
export interface BriefDriver {
  bar: TornadoBar;
  label: string;
  /** The mean over the models of the swing it causes. */
  meanSwing: number;
  evidence: Evidence[];
  /** What the scenario says about the actor, shown beside the evidence. */
  actorDescription?: string;
}

export interface BriefIssue {
  /** The issue as analysed (the variant's status quo, if it changes it). */
  issue: Issue;
  forecasts: ForecastResult[];
  distributions: ForecastDistribution[];
  tornadoes: Tornado[];
  drivers: BriefDriver[];
  /** The expected utility model's run, when eum is among the models and two or more actors take part. */
  eum?: { details: EumChartDetails; contests: string[] };
  comparison: Comparison[];
  sentences: string[];
}

export interface Brief {
  /** The scenario as given (the base). */
  scenario: Scenario;
  variant: string | null;
  settings: { draws: number; seed: number; bins: number };
  forecast: Forecast;
  /** Null when no input of the analysed scenario is a range. */
  monteCarlo: MonteCarloSummary | null;
  sensitivity: SensitivityResult;
  /** Null when the scenario has no variants. */
  comparison: CompareResult | null;
  issues: BriefIssue[];
  /** One line an analyst can act on per issue: the ensemble forecast, its 80% interval, the chance of a deal. */
  headline: Headline;
  /** Strategy advice for each actor asked about, in the order asked. */
  advice: Advice[];
  /** SHA-256 of the scenario's canonical JSON (`canonicalJson`). */
  inputsHash: string;
  version?: string;
  generated?: string;
  file?: string;
  /** Models and parameters as given in the request (to reproduce the brief). */
  requestedModels: string[] | null;
  requestedParams: Record<string, Record<string, string | number | boolean>>;
}

/** SHA-256 (hex) of the scenario's canonical JSON (RFC 8785): the inputs' fingerprint a brief states. */
export function inputsHash(scenario: Scenario): string {
  return inputsHashOf(scenario);
}

/**
 * Runs every analysis the brief reports on and collects it per issue. A ParleyError for an
 * unknown model or variant, bad parameters, or draws or seed that are not whole numbers.
 *
 * Cost: one forecast, a tornado (2 × ranged inputs + 1 forecasts), `draws` Monte Carlo
 * forecasts and one forecast per variant, each with every chosen model.
 */
export async function gatherBrief(scenario: Scenario, request: BriefRequest = {}): Promise<Brief> {
  const settings = { draws: request.draws ?? 100, seed: request.seed ?? 1, bins: request.bins ?? 20 };
  const analysis: AnalysisRequest = {
    ...(request.models ? { models: request.models } : {}),
    ...(request.params ? { params: request.params } : {}),
    ...(request.variant === undefined ? {} : { variant: request.variant }),
  };
  const point = forecast(scenario, { ...analysis, seed: settings.seed });
  const analysed = withVariant(scenario, request.variant);
  const drivers = sensitivity(scenario, { ...analysis, seed: settings.seed });
  const monteCarloSummary =
    drivers.inputs.length === 0
      ? null
      : (
          await monteCarlo(
            scenario,
            { ...analysis, draws: settings.draws, seed: settings.seed, bins: settings.bins, keepInputs: false },
            request.executor ? { executor: request.executor } : {},
          )
        ).summary;
  const comparison =
    (scenario.variants ?? []).length === 0
      ? null
      : compare(scenario, {
          ...(request.models ? { models: request.models } : {}),
          ...(request.params ? { params: request.params } : {}),
          seed: settings.seed,
        });
  const names = actorNames(scenario);

  const issues = analysed.issues.map((issue): BriefIssue => {
    const forecasts = point.results.filter((row) => row.issue === issue.id);
    const distributions = monteCarloSummary?.results.filter((row) => row.issue === issue.id) ?? [];
    const tornadoes = drivers.tornado.filter((tornado) => tornado.issue === issue.id);
    const sentences = [describeForecasts(issue, forecasts)];
    if (distributions.length > 0) sentences.push(describeSpread(issue, distributions));
    const eumRow = forecasts.find((row) => row.model === 'eum');
    const eumRun = eumRow && detailsOf(eumRow, 'eum');
    const eum =
      eumRun && hasEumRun(eumRun) && eumRun.actors.length >= 2
        ? {
            details: eumRun,
            contests:
              eumRun.relations && eumRun.relations.length > 0
                ? explainEumRound({ delta: eumRun.delta, actors: eumRun.actors, trajectory: eumRun.trajectory, relations: eumRun.relations }, 1, {
                    issue: issue.name,
                    limit: 5,
                  })
                : [],
          }
        : undefined;
    return {
      issue,
      forecasts,
      distributions,
      tornadoes,
      drivers: rankInputs(tornadoes)
        .slice(0, request.drivers ?? 3)
        .map(({ bar, meanSwing }) => {
          const actor = analysed.actors.find((candidate) => candidate.id === bar.actor);
          const stance = bar.issue === undefined ? undefined : actor === undefined ? undefined : stanceOf(actor, bar.issue);
          return {
            bar,
            label: inputLabel(bar, names),
            meanSwing,
            evidence: (bar.field === 'capability' && bar.issue === undefined ? actor?.evidence : stance?.evidence) ?? [],
            ...(actor?.description ? { actorDescription: actor.description } : {}),
          };
        }),
      ...(eum ? { eum } : {}),
      comparison: comparison?.results.filter((row) => row.issue === issue.id) ?? [],
      sentences,
    };
  });

  const advice: Advice[] = [];
  for (const actor of request.advise ?? []) {
    const asked = { actor, seed: settings.seed, draws: settings.draws, ...(request.variant === undefined ? {} : { variant: request.variant }) };
    advice.push(await advise(scenario, asked, request.adviceExecutor));
  }

  return {
    scenario,
    variant: request.variant ?? null,
    settings,
    forecast: point,
    monteCarlo: monteCarloSummary,
    sensitivity: drivers,
    comparison,
    issues,
    headline: headline(scenario, { ...(request.variant === undefined ? {} : { variant: request.variant }), seed: settings.seed, draws: settings.draws }),
    advice,
    inputsHash: inputsHash(scenario),
    requestedModels: request.models ? [...request.models] : null,
    requestedParams: request.params ?? {},
    ...(request.version === undefined ? {} : { version: request.version }),
    ...(request.generated === undefined ? {} : { generated: request.generated }),
    ...(request.file === undefined ? {} : { file: request.file }),
  };
}

/** One figure of the brief. */
export interface BriefFigure {
  /** Unique in the brief, usable as an HTML id. */
  id: string;
  issue: string;
  kind: ChartKind;
  spec: ChartSpec;
  caption: string;
}

/** The brief's figures: per issue the forecast, the distribution, the tornado, and the EUM trajectory and relation map. */
export function briefFigures(brief: Brief): BriefFigure[] {
  const names = actorNames(brief.scenario);
  return brief.issues.flatMap((entry, index) => {
    const { issue } = entry;
    const id = (kind: string) => `figure-${index + 1}-${kind}`;
    const figures: BriefFigure[] = [
      {
        id: id('forecast'),
        issue: issue.id,
        kind: 'forecast',
        spec: forecastChart(issue, entry.forecasts),
        caption: `Each model's forecast on ${issue.id}, with the status quo and the scale's anchors.`,
      },
    ];
    if (entry.distributions.length > 0) {
      figures.push({
        id: id('distribution'),
        issue: issue.id,
        kind: 'distribution',
        spec: distributionChart(issue, entry.distributions),
        caption: `How each forecast on ${issue.id} moves when the uncertain inputs are drawn from their ranges (${brief.monteCarlo?.draws.finished ?? 0} draws, seed ${brief.settings.seed}).`,
      });
    }
    if (entry.tornadoes.some((tornado) => tornado.bars.some((bar) => bar.swing > 0))) {
      figures.push({
        id: id('tornado'),
        issue: issue.id,
        kind: 'tornado',
        spec: tornadoChart(issue, entry.tornadoes, { actorNames: names, top: 6 }),
        caption: `The inputs that move the forecasts on ${issue.id} most, each set to its low and to its high.`,
      });
    }
    if (entry.eum) {
      figures.push(
        {
          id: id('trajectory'),
          issue: issue.id,
          kind: 'trajectory',
          spec: trajectoryChart(issue, entry.eum.details),
          caption: `The expected utility model on ${issue.id}, round by round.`,
        },
        {
          id: id('relations'),
          issue: issue.id,
          kind: 'relations',
          spec: relationsChart(issue, entry.eum.details),
          caption: `Who presses whom on ${issue.id} in the expected utility model's first round.`,
        },
      );
    }
    return figures;
  });
}

/**
 * The whole brief: gathers it, renders its figures to inline SVG and writes the page.
 *
 * @example writeFileSync('brief.html', await makeBrief(scenario, { draws: 200, seed: 1 }))
 */
export async function makeBrief(scenario: Scenario, request: BriefRequest = {}): Promise<string> {
  const brief = await gatherBrief(scenario, request);
  const svgs = new Map<string, SafeHtml>();
  for (const figure of briefFigures(brief)) {
    // Vega's SVG writer escapes the text it draws, so its markup goes in as it is.
    svgs.set(figure.id, trusted(enlarge(await renderSvg(figure.spec, figure.id), 1.25)));
  }
  return briefHtml(brief, svgs);
}

/**
 * The SVG shown `factor` times its drawn size (its viewBox keeps the drawing): chart text is
 * sized for figures, a little small beside a page's text. The page's CSS still shrinks a
 * figure to the column's width.
 */
function enlarge(svg: string, factor: number): string {
  return svg.replace(
    /^<svg([^>]*?) width="([\d.]+)" height="([\d.]+)"/,
    (_whole, before: string, width: string, height: string) =>
      `<svg${before} width="${Math.round(Number(width) * factor)}" height="${Math.round(Number(height) * factor)}"`,
  );
}

// ---------------------------------------------------------------------------------------
// The page
// ---------------------------------------------------------------------------------------

const sourceKindLabels: Record<string, string> = {
  opinion: 'opinion piece',
  news: 'news report',
  official: 'official document or statement',
  dataset: 'data set',
  analysis: 'analysis',
};

/** A source's kind for readers: "opinion piece", "news report", …; the kind as written when it is not one of these. */
export function sourceKindLabel(source: Pick<Source, 'kind'>): string {
  if (!source.kind) return 'kind not given';
  return sourceKindLabels[source.kind.toLowerCase()] ?? source.kind;
}

function isOpinion(source: Pick<Source, 'kind'>): boolean {
  return source.kind?.toLowerCase() === 'opinion';
}

function uncertainText(value: Uncertain): string {
  return typeof value === 'number' ? formatValue(value) : `${formatValue(value.low)}–${formatValue(value.high)} (most likely ${formatValue(value.mode)})`;
}

function sourceName(source: Source | undefined, id: string): string {
  if (!source) return id;
  return source.title ?? ([source.author, source.publisher].filter(Boolean).join(', ') || source.id);
}

const styles = `
:root { color-scheme: light; --ink: #1d1d1f; --muted: #5b5b60; --rule: #d9d9de; --accent: #1f4e89; --warn: #8a3b00; }
* { box-sizing: border-box; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); line-height: 1.5; margin: 0 auto; max-width: 64rem; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 2rem; line-height: 1.2; margin: 0.2rem 0 0.5rem; }
h2 { font-size: 1.45rem; margin: 2.5rem 0 0.6rem; padding-top: 1rem; border-top: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 0.4rem; }
.kicker { text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); margin: 0; }
.meta, .note, figcaption, .muted { color: var(--muted); }
.words { font-size: 1.05rem; border-left: 4px solid var(--accent); padding: 0.2rem 0 0.2rem 0.8rem; }
table { border-collapse: collapse; margin: 0.6rem 0 1rem; font-size: 0.92rem; width: 100%; }
th, td { border-bottom: 1px solid var(--rule); padding: 0.3rem 0.5rem; text-align: left; vertical-align: top; }
th { font-weight: 600; border-bottom: 2px solid var(--ink); }
td.number, th.number { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.status-quo td { color: #c0392b; }
figure { margin: 1rem 0 1.4rem; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; display: block; }
figcaption { font-size: 0.88rem; margin-top: 0.3rem; }
.badge { display: inline-block; font-size: 0.75rem; font-weight: 600; padding: 0 0.4rem; border-radius: 0.3rem; background: #eee; color: var(--ink); white-space: nowrap; }
.badge.opinion { background: #fde7d4; color: var(--warn); }
blockquote { margin: 0.2rem 0; font-style: italic; }
.url { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.8rem; word-break: break-all; color: var(--muted); }
ol.drivers > li { margin-bottom: 0.8rem; }
ul.evidence { margin: 0.2rem 0 0; }
code { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.88em; }
pre { background: #f5f5f7; padding: 0.6rem 0.8rem; overflow-x: auto; }
nav ol { columns: 2; }
@media print { h2 { break-before: page; } figure { break-inside: avoid; } nav { display: none; } }
`;

/**
 * The page, with each figure's SVG (by figure id) inline. Figures without an SVG are left
 * out. Pure: the same brief and figures give the same text.
 */
export function briefHtml(brief: Brief, svgs: ReadonlyMap<string, SafeHtml>): string {
  const { scenario } = brief;
  const figures = briefFigures(brief);
  const sources = new Map((scenario.sources ?? []).map((source) => [source.id, source]));
  const variant = brief.variant === null ? undefined : (scenario.variants ?? []).find((candidate) => candidate.id === brief.variant);
  const modelIds = [...new Set(brief.forecast.results.map((row) => row.model))];
  const opinionPieces = (scenario.sources ?? []).filter(isOpinion);

  const figureFor = (issueId: string, kind: ChartKind): HtmlValue => {
    const entry = figures.find((candidate) => candidate.issue === issueId && candidate.kind === kind);
    const svg = entry ? svgs.get(entry.id) : undefined;
    if (!entry || !svg) return null;
    return html`<figure id="${entry.id}">${svg}<figcaption>${entry.caption}</figcaption></figure>`;
  };

  const sourceLabel = (id: string): SafeHtml => {
    const source = sources.get(id);
    return html`${sourceName(source, id)} <span class="${source && isOpinion(source) ? 'badge opinion' : 'badge'}">${source ? sourceKindLabel(source) : 'unknown source'}</span>`;
  };

  const evidenceItem = (evidence: Evidence): SafeHtml =>
    html`<li>${evidence.quote ? html`<blockquote>“${evidence.quote}”</blockquote>` : null}${sourceLabel(evidence.source)}${
      evidence.paragraph === undefined ? null : html`, paragraph ${evidence.paragraph}`
    }${evidence.note ? html`. <span class="muted">${noteText(evidence.note)}</span>` : null}</li>`;

  const issueSection = (entry: BriefIssue, index: number): SafeHtml => {
    const { issue } = entry;
    const anchors = Object.entries(issue.anchors ?? {})
      .map(([point, label]) => ({ point: Number(point), label }))
      .sort((a, b) => a.point - b.point);
    const rows: Array<{ point: number; label: string; statusQuo: boolean }> = anchors.map((anchor) => ({ ...anchor, statusQuo: false }));
    if (issue.statusQuo !== undefined)
      rows.push({ point: issue.statusQuo, label: 'the status quo: where the issue stands without an agreement', statusQuo: true });
    rows.sort((a, b) => a.point - b.point || Number(a.statusQuo) - Number(b.statusQuo));
    return html`
<section id="issue-${index + 1}">
<h2>${issue.id} — ${issue.name}</h2>
${headlineParagraph(brief, issue.id)}
${issue.description ? html`<p>${issue.description}</p>` : null}
<h3>The scale</h3>
<p class="muted">From ${formatValue(issue.scale.min)} to ${formatValue(issue.scale.max)}${issue.statusQuo === undefined ? '; no status quo given' : html`; the status quo is ${formatValue(issue.statusQuo)}`}.</p>
<table>
<thead><tr><th class="number">point</th><th>meaning</th></tr></thead>
<tbody>${rows.map((row) => html`<tr${row.statusQuo ? trusted(' class="status-quo"') : null}><td class="number">${formatValue(row.point)}</td><td>${row.label}</td></tr>`)}</tbody>
</table>
<h3>Forecasts</h3>
<p class="words">${entry.sentences[0] ?? ''}</p>
${figureFor(issue.id, 'forecast')}
<table>
<thead><tr><th>model</th><th class="number">forecast</th><th>nearest anchor</th><th>notes</th></tr></thead>
<tbody>${entry.forecasts.map((row) => {
      const anchor = nearestIssueAnchor(issue, row.forecast);
      return html`<tr><td>${row.model}</td><td class="number">${formatValue(row.forecast)}</td><td>${anchor ? `${formatValue(anchor.point)}: ${anchor.label}` : '—'}</td><td>${row.notes.join('; ')}</td></tr>`;
    })}${brief.forecast.notApplicable
      .filter((row) => row.issue === issue.id)
      .map(
        (row) => html`<tr class="not-applicable"><td>${row.model}</td><td class="number">—</td><td colspan="2">not applicable: ${row.reason}</td></tr>`,
      )}</tbody>
</table>
${
  entry.distributions.length > 0
    ? html`<h3>How sure</h3>
<p class="words">${entry.sentences[1] ?? ''}</p>
${figureFor(issue.id, 'distribution')}
<table>
<thead><tr><th>model</th><th class="number">mean</th><th class="number">median</th><th class="number">10th–90th percentile</th><th class="number">5th–95th percentile</th><th class="number">sd</th></tr></thead>
<tbody>${entry.distributions.map(
        (row) =>
          html`<tr><td>${row.model}</td><td class="number">${formatValue(row.mean)}</td><td class="number">${formatValue(row.median)}</td><td class="number">${formatValue(row.p10)}–${formatValue(row.p90)}</td><td class="number">${formatValue(row.p5)}–${formatValue(row.p95)}</td><td class="number">${formatValue(row.sd)}</td></tr>`,
      )}</tbody>
</table>`
    : html`<p class="muted">No input of this scenario is a range, so there is no Monte Carlo distribution.</p>`
}
<h3>What drives it: the evidence behind the inputs that matter most</h3>
${figureFor(issue.id, 'tornado')}
${
  entry.drivers.length === 0
    ? html`<p class="muted">No ranged input moves the forecasts on ${issue.id}.</p>`
    : html`<ol class="drivers">${entry.drivers.map(
        (
          driver,
        ) => html`<li><strong>${driver.label}</strong>: ${formatValue(driver.bar.low)} to ${formatValue(driver.bar.high)}, most likely ${formatValue(driver.bar.mode)}; moving it across that range moves the forecasts by ${formatValue(driver.meanSwing)} on average.
${
  driver.evidence.length > 0
    ? html`<ul class="evidence">${driver.evidence.map(evidenceItem)}</ul>`
    : html`<p class="muted">No evidence recorded for this value${driver.actorDescription ? html`; the scenario describes the actor as: ${driver.actorDescription.replace(/[.\s]+$/, '')}` : null}.</p>`
}</li>`,
      )}</ol>`
}
${
  entry.eum
    ? html`<h3>Who presses whom (expected utility model)</h3>
${figureFor(issue.id, 'trajectory')}
${figureFor(issue.id, 'relations')}
${entry.eum.contests.length > 0 ? html`<p>The most consequential contests of the first round:</p><ul>${entry.eum.contests.map((line) => html`<li>${line}</li>`)}</ul>` : null}`
    : null
}
</section>`;
  };

  const variantsSection = (): SafeHtml => {
    if (!brief.comparison || brief.comparison.variants.length === 0) {
      return html`<section id="variants"><h2>Variants compared with the base</h2><p class="muted">The scenario has no variants.</p></section>`;
    }
    const variantIds = brief.comparison.variants;
    return html`<section id="variants">
<h2>Variants compared with the base</h2>
<p>Each variant changes some inputs of the base scenario; the tables give each model's forecast in the base and in each variant, with the difference.</p>
<dl>${variantIds.map((id) => {
      const entry = (scenario.variants ?? []).find((candidate) => candidate.id === id);
      return html`<dt><strong>${id}</strong></dt><dd>${entry?.description ?? ''}${
        entry && entry.changes.length > 0 ? html`<ul>${entry.changes.map((change) => html`<li>${changeText(change, scenario)}</li>`)}</ul>` : null
      }</dd>`;
    })}</dl>
${brief.issues.map(
  (entry) => html`<h3>${entry.issue.id} — ${entry.issue.name}</h3>
<table>
<thead><tr><th>model</th><th class="number">base</th>${variantIds.map((id) => html`<th class="number">${id}</th>`)}</tr></thead>
<tbody>${entry.comparison.map(
    (row) =>
      html`<tr><td>${row.model}</td><td class="number">${formatValue(row.base)}</td>${row.variants.map((cell) =>
        cell.forecast === null
          ? html`<td class="number" title="${cell.reason ?? ''}">not applicable</td>`
          : html`<td class="number">${formatValue(cell.forecast)} <span class="muted">(${signed(cell.difference ?? Number.NaN)})</span></td>`,
      )}</tr>`,
  )}</tbody>
</table>`,
)}
</section>`;
  };

  const adviceSection = (): HtmlValue => {
    if (brief.advice.length === 0) return null;
    const nameOf = (id: string) => scenario.actors.find((actor) => actor.id === id)?.name ?? id;
    return html`<section id="advice">
<h2>What would move it</h2>
<p>For each actor asked about, the changes it could make or buy that move the one-answer forecast closest to its goal (its own position on every issue, weighted by its saliences), ranked by the gain in that utility; each is a set of variant changes, so it can be saved and compared (<code>parley advise --save-variants</code>). How it is searched and what each kind of change costs: <code>docs/advise.md</code>.</p>
${brief.advice.map(
  (entry) => html`<h3>For ${nameOf(entry.actor)}</h3>
<p class="muted">Goal: ${Object.entries(entry.goal)
    .map(([id, target]) => `${id} ${formatValue(target)}`)
    .join(', ')}; utility now ${entry.utility.toFixed(3)} on the ${entry.model} forecast.</p>
${
  entry.advice.length === 0
    ? html`<p>Nothing searched raises ${nameOf(entry.actor)}'s utility.</p>`
    : html`<ol>${entry.advice.map((item) => html`<li>${adviceLine(entry, item)}</li>`)}</ol>`
}
<p class="muted">${searchWords(entry)}</p>`,
)}
</section>`;
  };

  const sourcesSection = (): SafeHtml => html`<section id="sources">
<h2>Sources</h2>
${
  opinionPieces.length > 0
    ? html`<p>${opinionPieces.length === 1 ? 'One source is an opinion piece' : `${capitalise(countWord(opinionPieces.length))} sources are opinion pieces`}: one author's view, labelled as such wherever it is cited.</p>`
    : null
}
<table>
<thead><tr><th>source</th><th>kind</th><th>author, publisher, date</th><th>where</th></tr></thead>
<tbody>${(scenario.sources ?? []).map(
    (source) =>
      html`<tr><td><strong>${sourceName(source, source.id)}</strong><br><span class="muted">${source.id}${source.note ? html` — ${source.note}` : null}</span></td><td><span class="${isOpinion(source) ? 'badge opinion' : 'badge'}">${sourceKindLabel(source)}</span></td><td>${[source.author, source.publisher, source.date].filter(Boolean).join(', ')}</td><td>${source.url ? html`<span class="url">${source.url}</span>` : '—'}</td></tr>`,
  )}</tbody>
</table>
<p class="muted">Addresses are given as text, not links, so the brief opens without contacting any site.</p>
</section>`;

  const methodsSection = (): SafeHtml => {
    const command = reproduceCommand(brief);
    return html`<section id="methods">
<h2>Methods</h2>
<p>Each model forecasts every issue with every uncertain input at its most likely value. The Monte Carlo analysis draws every ranged input from its triangular distribution (low, most likely, high); draw <var>k</var> uses a generator seeded from the root seed and <var>k</var> alone, so the same seed gives the same numbers on any machine. The tornado sets each ranged input to its low and then its high, every other input at its most likely value. Variants are forecast the same way as the base.</p>
<table>
<tbody>
<tr><th>scenario</th><td>${scenario.id}${brief.file ? html` (file <code>${brief.file}</code>)` : null}</td></tr>
<tr><th>analysed</th><td>${brief.variant === null ? 'the base scenario' : html`variant <code>${brief.variant}</code>${variant?.description ? html`: ${variant.description}` : null}`}</td></tr>
<tr><th>seed</th><td>${brief.settings.seed}</td></tr>
<tr><th>Monte Carlo</th><td>${brief.monteCarlo ? `${brief.monteCarlo.draws.finished} draws of ${brief.monteCarlo.inputs.length} ranged inputs, ${brief.settings.bins} histogram bins per issue` : 'not run: no input is a range'}</td></tr>
<tr><th>tornado</th><td>${brief.sensitivity.inputs.length} ranged inputs, each at its low and its high</td></tr>
<tr><th>Parley version</th><td>${brief.version ?? 'not recorded'}</td></tr>
<tr><th>inputs hash</th><td><code>sha256:${brief.inputsHash}</code><br><span class="muted">SHA-256 of the scenario as canonical JSON (RFC 8785)</span></td></tr>
${brief.generated ? html`<tr><th>made on</th><td>${brief.generated}</td></tr>` : null}
</tbody>
</table>
<p>To make this brief again:</p>
<pre><code>${command}</code></pre>
<h3>Models</h3>
<table>
<thead><tr><th>model</th><th>what it computes</th><th>parameters</th><th>references</th></tr></thead>
<tbody>${modelIds.map((id) => {
      const model = getModel(id);
      const params = brief.forecast.params[id] ?? {};
      const paramText = Object.entries(params).map(([name, value]) => `${name} = ${String(value)}`);
      return html`<tr><td><strong>${id}</strong><br>${model.name}</td><td>${model.summary}</td><td>${paramText.length ? html`<ul>${paramText.map((text) => html`<li><code>${text}</code></li>`)}</ul>` : 'none'}</td><td><ul>${model.references.map((reference) => html`<li>${reference}</li>`)}</ul></td></tr>`;
    })}</tbody>
</table>
</section>`;
  };

  const activeActors = scenario.actors.filter((actor) => actor.active !== false).length;
  const page = html`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${`Parley ${brief.version ?? ''}`.trim()}">
<title>${scenario.title} — Parley brief</title>
<style>${trusted(styles)}</style>
</head>
<body>
<header>
<p class="kicker">Parley brief</p>
<h1>${scenario.title}</h1>
<p class="meta">${scenario.asOf ? html`As of ${scenario.asOf}. ` : 'No as-of date given. '}${
    brief.variant === null
      ? 'The base scenario'
      : html`Variant <strong>${brief.variant}</strong>${variant?.description ? html` (${variant.description})` : null}`
  }: ${activeActors} actors, ${scenario.issues.length} issues, ${modelIds.length} models; seed ${brief.settings.seed}.</p>
${scenario.description ? html`<p>${scenario.description}</p>` : null}
${
  opinionPieces.length > 0
    ? html`<p class="note">${opinionPieces.length === 1 ? 'One source is an opinion piece' : `${capitalise(countWord(opinionPieces.length))} sources are opinion pieces`}: ${opinionPieces.map(
        (source, index) =>
          html`${index > 0 ? '; ' : ''}${sourceName(source, source.id)}${source.author && source.title ? ` by ${source.author}` : ''} <span class="badge opinion">opinion piece</span>`,
      )}. An opinion piece is one author's view; where it supports a number, that number is the analyst's reading of it.</p>`
    : null
}
</header>
<nav>
<h2>Contents</h2>
<ol>
<li><a href="#summary">In brief</a></li>
${brief.issues.map((entry, index) => html`<li><a href="#issue-${index + 1}">${entry.issue.id} — ${entry.issue.name}</a></li>`)}
<li><a href="#variants">Variants compared with the base</a></li>
${brief.advice.length > 0 ? html`<li><a href="#advice">What would move it</a></li>` : null}
<li><a href="#sources">Sources</a></li>
<li><a href="#methods">Methods</a></li>
</ol>
</nav>
<section id="summary">
<h2>In brief</h2>
<ul>${brief.issues.map((entry, index) => html`<li><a href="#issue-${index + 1}"><strong>${entry.issue.id}</strong></a>: ${entry.sentences[0] ?? ''}</li>`)}</ul>
</section>
${brief.issues.map(issueSection)}
${variantsSection()}
${adviceSection()}
${sourcesSection()}
${methodsSection()}
<footer><p class="muted">Made with Parley${brief.version ? ` ${brief.version}` : ''}${brief.generated ? ` on ${brief.generated}` : ''}. Inputs hash sha256:${brief.inputsHash}.</p></footer>
</body>
</html>
`;
  return page.markup;
}

/** The issue's headline as a paragraph: the one answer, before the models' numbers. */
function headlineParagraph(brief: Brief, issueId: string): HtmlValue {
  const entry = brief.headline.summary.find((candidate) => candidate.issue === issueId);
  if (!entry) return null;
  const deal = capitalise(dealWords(brief.scenario, entry));
  const modes =
    entry.modes.length > 1
      ? html` The draws pile up in ${entry.modes.length} places: ${entry.modes.map((mode) => `${formatValue(mode.value)} (${Math.round(mode.share * 100)}%)`).join(', ')}.`
      : null;
  return html`<p class="headline"><strong>Forecast ${formatValue(entry.forecast)}</strong>, ${Math.round(entry.interval.level * 100)}% interval ${formatValue(entry.interval.low)}–${formatValue(entry.interval.high)}${
    entry.nearestAnchor ? html`, nearest ${formatValue(entry.nearestAnchor.point)}: ${entry.nearestAnchor.label}` : null
  }. ${deal}.${modes} <span class="muted">The ensemble forecast; its interval and chance of a deal are fitted on EU legislation (DEU III).</span></p>`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** An evidence note for readers: the scenario format's `est:` mark (an estimate, not a stated position) in words. */
export function noteText(note: string): string {
  const estimate = /^est\b:?\s*/i.exec(note);
  if (!estimate) return note;
  const rest = note.slice(estimate[0].length);
  return rest ? `the analyst's estimate: ${rest}` : "the analyst's estimate";
}

function signed(value: number): string {
  if (!Number.isFinite(value)) return '—';
  const rounded = formatValue(value);
  return value > 0 && rounded !== '0' ? `+${rounded}` : rounded === '-0' ? '0' : rounded;
}

/** A variant's change in words: `us-trump: USAID position 5, salience 0.9 (aid ends…)`. */
function changeText(change: Change, scenario: Scenario): string {
  const parts: string[] = [];
  if (change.capability !== undefined) parts.push(`capability ${uncertainText(change.capability)}`);
  if (change.active !== undefined) parts.push(change.active ? 'takes part' : 'takes no part');
  if (change.position !== undefined) parts.push(`position ${uncertainText(change.position)}`);
  if (change.salience !== undefined) parts.push(`salience ${uncertainText(change.salience)}`);
  if (change.statusQuo !== undefined) parts.push(`status quo ${formatValue(change.statusQuo)}`);
  if (change.decision !== undefined) {
    const by =
      change.decision.by === undefined
        ? ''
        : ` of ${change.decision.by.map((id) => scenario.actors.find((candidate) => candidate.id === id)?.name ?? id).join(', ')}`;
    parts.push(`decided by ${change.decision.rule}${by}`);
  }
  const actor = change.actor === undefined ? undefined : (scenario.actors.find((candidate) => candidate.id === change.actor)?.name ?? change.actor);
  const subject = [actor, change.issue].filter(Boolean).join(' on ');
  return `${subject}: ${parts.join(', ')}${change.note ? ` (${change.note})` : ''}`;
}

/** Quotes an argument for a POSIX shell when it needs it. */
function shellArgument(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}

/** The command that makes the same brief. */
export function reproduceCommand(brief: Brief): string {
  const parts = ['parley', 'report'];
  if (brief.file) parts.push(shellArgument(brief.file));
  if (brief.variant !== null) parts.push('--variant', shellArgument(brief.variant));
  parts.push('--draws', String(brief.settings.draws), '--seed', String(brief.settings.seed));
  if (brief.requestedModels) parts.push('--model', brief.requestedModels.join(','));
  if (brief.advice.length > 0) parts.push('--advise', brief.advice.map((entry) => shellArgument(entry.actor)).join(','));
  for (const [model, params] of Object.entries(brief.requestedParams)) {
    for (const [name, value] of Object.entries(params)) parts.push('--param', shellArgument(`${model}.${name}=${String(value)}`));
  }
  return parts.join(' ');
}
