import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import {
  backtest,
  compareModels,
  crossValidate,
  defaultBacktestSeed,
  groupBootstrap,
  nestedCrossValidate,
  type Backtest,
  type BacktestCase,
  type CaseForecast,
  type PairedComparison,
} from '../../core/analyses/backtest.js';
import { calibrationCandidates } from '../../core/analyses/calibration.js';
import { backtestOutcomes } from '../../core/analyses/outcomes.js';
import { pointScenario, variantIds } from '../../core/resolve.js';
import { fitEnsemble, selectionRuleText, type EnsembleFit } from '../../core/analyses/ensemble-fit.js';
import type { EnsembleWeights } from '../../core/models/ensemble.js';
import { resolveParams } from '../../core/model.js';
import { getModel, models } from '../../core/models/index.js';
import { deriveSeed } from '../../core/rng.js';
import { deuCapabilities, deuCases, loadDeuDir, type DeuCapability } from '../../io/deu.js';
import { csvField } from '../../io/csv.js';
import { parseOutcomesCsv } from '../../io/outcomes-csv.js';
import { collect, EXIT, Exit, list, parseParamFlags, problemsText, readScenario, writeWhole, type CliIo } from '../shared.js';
import { chooseModels, parseSeed } from './forecast.js';

/** Cross-validation used for `--candidates`: folds by proposal and repeats with different fold assignments. */
export const candidateFolds = 10;
export const candidateRepeats = 5;

interface DeuOptions {
  model?: string[];
  capability?: string;
  json?: boolean;
  perIssue?: string;
  seed?: string;
  compare?: string[];
  candidates?: boolean;
  fitEnsemble?: string;
  param?: string[];
}

/** `parley backtest …`: models scored against decisions actually taken. Returns the command so data sets can be added. */
export function registerBacktest(program: Command, io: CliIo): Command {
  const backtestCommand = program.command('backtest').description('score the models against outcomes that are known');
  backtestCommand
    .command('deu')
    .description('DEU data (EU legislative issues): a folder with issues.csv and positions.csv; blank salience is read as 50')
    .argument('<dir>', 'folder holding issues.csv and positions.csv')
    .option('-m, --model <ids>', `models to score, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option(
      '--capability <choice>',
      `actors' capability: ${deuCapabilities.join(' or ')} (Council votes under the Nice treaty; 29 for Commission and Parliament)`,
      'equal',
    )
    .option('--json', 'print one JSON object instead of the table')
    .option('--per-issue <file>', 'write every forecast as CSV: issue,model,forecast,outcome,error (error = |forecast − outcome|)')
    .option('--seed <n>', `root seed of the bootstrap and of stochastic models (default ${defaultBacktestSeed})`)
    .option('--compare <a,b>', 'paired comparison of two models: mean of |error of a| − |error of b| with a 95% bootstrap interval', list)
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .option('--candidates', `also cross-validate the calibration candidates by proposal (${candidateFolds} folds × ${candidateRepeats} repeats)`)
    .option(
      '--fit-ensemble <file>',
      'fit the ensemble forecast on these issues (candidates, nested CV, conformal radii, no-change model) and write its weights as JSON',
    )
    .action((dir: string, options: DeuOptions) => {
      const capability = parseCapability(options.capability ?? 'equal');
      const modelIds = chooseModels(options.model);
      const compare = parseCompare(options.compare, modelIds);
      const seed = parseSeed(options.seed) ?? defaultBacktestSeed;

      const given = parseParamFlags(options.param ?? [], modelIds);
      const chosen = modelIds.map((id) => {
        const model = getModel(id);
        const { params, problems: paramProblems } = resolveParams(model, given[id] ?? {});
        if (paramProblems.length > 0) throw new Exit(EXIT.usage, paramProblems.join('; '));
        return { model, params };
      });

      const { dataset, problems } = loadDeuDir(resolve(io.cwd, dir), { capability }, dir);
      if (!dataset || problems.length > 0) throw new Exit(EXIT.invalid, problemsText(dir, problems));
      const cases = deuCases(dataset);
      if (cases.length === 0) throw new Exit(EXIT.invalid, `${dir}: no issue has an outcome and at least two actors`);

      const result = backtest(cases, chosen, { seed });
      const comparison = compare ? compareModels(result.forecasts, compare[0], compare[1], { seed }) : undefined;
      const candidates = options.candidates ? crossValidateCandidates(cases, seed) : undefined;
      if (options.fitEnsemble !== undefined) {
        const fit = fitEnsemble(cases, { folds: candidateFolds, repeats: candidateRepeats, seed, levels: ensembleLevels });
        const written = ensembleWeightsOf(fit, {
          dataset: dir,
          capability,
          seed,
          issues: cases.length,
          proposals: new Set(cases.map((testCase) => testCase.group)).size,
        });
        writeWhole('--fit-ensemble', resolve(io.cwd, options.fitEnsemble), `${JSON.stringify(written, null, 2)}\n`);
        io.stderr(`wrote ${options.fitEnsemble} (ensemble: ${fit.chosen}, nested CV MAE ${fixed(fit.nested.mae)})\n`);
      }

      if (options.perIssue !== undefined) writeWhole('--per-issue', resolve(io.cwd, options.perIssue), perIssueCsv(result.forecasts));
      for (const note of dataset.notes) io.stderr(`note: ${note}\n`);
      for (const line of failureLines(result)) io.stderr(`note: ${line}\n`);
      if (options.perIssue !== undefined) io.stderr(`wrote ${options.perIssue} (${result.forecasts.length} forecasts)\n`);

      const groups = new Set(cases.map((testCase) => testCase.group)).size;
      if (options.json) {
        const output = {
          dataset: dir,
          format: 'deu',
          capability,
          seed,
          issues: cases.length,
          proposals: groups,
          models: result.models,
          ...(noChangeOf(result) ? { noChange: noChangeOf(result) } : {}),
          ...(comparison ? { comparison } : {}),
          ...(candidates ? { candidates: candidates.rows, nested: candidates.nested } : {}),
        };
        io.stdout(`${JSON.stringify(output, null, 2)}\n`);
        return;
      }
      io.stdout(`DEU backtest of ${dir}: ${cases.length} issues with an outcome (${groups} proposals), ${capability} capability, seed ${seed}\n\n`);
      io.stdout(scoreTable(result));
      io.stdout(intervalLines(result));
      if (comparison) io.stdout(`\n${comparisonText(comparison)}\n`);
      if (candidates) io.stdout(`\n${candidateTable(candidates)}`);
    });

  backtestCommand
    .command('outcomes')
    .description('score every model on a scenario against the outcomes actually decided on its issues (a CSV: issue,outcome,source,quote,note)')
    .argument('<file>', 'scenario file (YAML)')
    .requiredOption('--outcomes <csv>', "the observed outcomes: issue,outcome,source[,quote][,note], outcomes on each issue's own scale")
    .option('-m, --model <ids>', `models to score, comma-separated (${models.map((model) => model.id).join(', ')}); default: all`, list)
    .option('--variant <id>', 'score a variant of the scenario instead of its base')
    .option('--json', 'print one JSON object instead of the tables')
    .option('--per-issue <file>', 'write every forecast as CSV: issue,model,forecast,outcome,error (error in points of a 0–100 scale)')
    .option('--seed <n>', `seed of the bootstrap and of stochastic models (default ${defaultBacktestSeed})`)
    .option('-p, --param <name=value>', 'set a model parameter (model.Name=Value or Name=Value); repeatable', collect)
    .action(async (file: string, options: OutcomesOptions) => {
      const modelIds = chooseModels(options.model);
      const seed = parseSeed(options.seed) ?? defaultBacktestSeed;
      const given = parseParamFlags(options.param ?? [], modelIds);
      const chosen = modelIds.map((id) => {
        const model = getModel(id);
        const { params, problems: paramProblems } = resolveParams(model, given[id] ?? {});
        if (paramProblems.length > 0) throw new Exit(EXIT.usage, paramProblems.join('; '));
        return { model, params };
      });
      const scenario = await readScenario(io, file);
      if (options.variant !== undefined && !variantIds(scenario).includes(options.variant)) {
        throw new Exit(
          EXIT.usage,
          `--variant ${options.variant}: ${file} has ${variantIds(scenario).length === 0 ? 'no variants' : `the variants ${variantIds(scenario).join(', ')}`}`,
        );
      }
      let text: string;
      try {
        text = readFileSync(resolve(io.cwd, options.outcomes), 'utf8');
      } catch (error) {
        const reason =
          (error as { code?: unknown }).code === 'ENOENT'
            ? 'file not found'
            : `cannot read the file (${error instanceof Error ? error.message : String(error)})`;
        throw new Exit(EXIT.invalid, `${options.outcomes}: ${reason}`);
      }
      const { outcomes, problems } = parseOutcomesCsv(text, options.outcomes, scenario);
      if (problems.length > 0) throw new Exit(EXIT.invalid, problemsText(options.outcomes, problems));

      const point = pointScenario(scenario, options.variant === undefined ? {} : { variant: options.variant });
      const result = backtestOutcomes(point, outcomes, chosen, { seed });
      if (options.perIssue !== undefined) writeWhole('--per-issue', resolve(io.cwd, options.perIssue), perIssueCsv(result.forecasts));
      for (const line of failureLines(result)) io.stderr(`note: ${line}\n`);
      if (options.perIssue !== undefined) io.stderr(`wrote ${options.perIssue} (${result.forecasts.length} forecasts)\n`);

      if (options.json) {
        const output = {
          scenario: { id: scenario.id, title: scenario.title, variant: options.variant ?? null },
          outcomes: outcomes.map(({ line: _line, ...row }) => row),
          format: 'outcomes',
          seed,
          issues: outcomes.length,
          models: result.models,
          forecasts: result.forecasts.map(({ group: _group, ...row }) => row),
        };
        io.stdout(`${JSON.stringify(output, null, 2)}\n`);
        return;
      }
      io.stdout(
        `Outcomes backtest of ${file}${options.variant ? ` (variant ${options.variant})` : ''} against ${options.outcomes}: ${outcomes.length} issues with an outcome, seed ${seed}\n\n`,
      );
      io.stdout(
        scoreTable(
          result,
          "Errors in points of a 0–100 scale (percent of each issue's range); the interval is a bootstrap that resamples issues,\nwhich are not independent (one negotiation): read it as how much the MAE depends on the issues coded.",
        ),
      );
      io.stdout(
        `\n${forecastTable(
          result,
          outcomes.map((row) => ({ issue: row.issue, outcome: row.outcome })),
        )}`,
      );
    });
  return backtestCommand;
}

interface OutcomesOptions {
  outcomes: string;
  model?: string[];
  variant?: string;
  json?: boolean;
  perIssue?: string;
  seed?: string;
  param?: string[];
}

/** Per issue: the observed outcome and every model's forecast, on the issue's own scale. */
function forecastTable(result: Backtest, outcomes: readonly { issue: string; outcome: number }[]): string {
  const modelIds = result.models.map((score) => score.model);
  const header = ['issue', 'outcome', ...modelIds];
  const rows = outcomes.map(({ issue, outcome }) => [
    issue,
    String(outcome),
    ...modelIds.map((model) => {
      const row = result.forecasts.find((forecast) => forecast.issue === issue && forecast.model === model);
      return row === undefined ? '–' : row.forecast.toFixed(1);
    }),
  ]);
  return `${alignRows([[...header, ''], ...rows.map((row) => [...row, ''])])}\nForecasts and outcomes on each issue's own scale.\n`;
}

function parseCapability(text: string): DeuCapability {
  if (!(deuCapabilities as readonly string[]).includes(text)) {
    throw new Exit(EXIT.usage, `--capability ${text}: expected ${deuCapabilities.join(' or ')}`);
  }
  return text as DeuCapability;
}

function parseCompare(ids: string[] | undefined, modelIds: readonly string[]): [string, string] | undefined {
  if (ids === undefined) return undefined;
  const [a, b, ...rest] = ids;
  if (a === undefined || b === undefined || rest.length > 0 || a === b) {
    throw new Exit(EXIT.usage, `--compare ${ids.join(',')}: expected two different models, e.g. --compare calibrated,compromise`);
  }
  const missing = [a, b].filter((id) => !modelIds.includes(id));
  if (missing.length > 0) {
    throw new Exit(EXIT.usage, `--compare: ${missing.map((id) => `"${id}"`).join(', ')} not among the models scored (${modelIds.join(', ')})`);
  }
  return [a, b];
}

/** The CSV text of every forecast; `error` is the absolute error, so the column's mean is the MAE. */
export function perIssueCsv(forecasts: readonly CaseForecast[]): string {
  const lines = forecasts.map((row) => [row.issue, row.model, row.forecast, row.outcome, row.error].map(csvField).join(','));
  return `issue,model,forecast,outcome,error\n${lines.join('\n')}\n`;
}

function failureLines(result: Backtest): string[] {
  const byModel = new Map<string, string[]>();
  for (const failure of result.failures) byModel.set(failure.model, [...(byModel.get(failure.model) ?? []), `${failure.issue}: ${failure.message}`]);
  return [...byModel].map(
    ([model, issues]) =>
      `${model} gave no forecast on ${issues.length} issue${issues.length === 1 ? '' : 's'}, left out of its n (${issues.slice(0, 3).join('; ')}${issues.length > 3 ? '; …' : ''})`,
  );
}

function scoreTable(result: Backtest, footer = 'Errors on the 0–100 scale; the interval is a bootstrap that resamples whole proposals.'): string {
  const header = ['model', 'n', 'MAE', 'RMSE', 'MedAE', 'MAE 95% interval'];
  const rows = result.models.map((score) => [
    score.model,
    String(score.n),
    fixed(score.mae),
    fixed(score.rmse),
    fixed(score.medae),
    `${fixed(score.maeLow)}–${fixed(score.maeHigh)}`,
  ]);
  return `${alignRows([header, ...rows])}\n${footer}\n`;
}

function comparisonText(comparison: PairedComparison): string {
  const better = comparison.meanDifference < 0 ? comparison.a : comparison.b;
  const clear = comparison.low > 0 || comparison.high < 0;
  return (
    `${comparison.a} − ${comparison.b}: mean difference of absolute errors ${signed(comparison.meanDifference)} ` +
    `(95% interval ${signed(comparison.low)} to ${signed(comparison.high)}, ${comparison.n} issues): ` +
    (clear ? `${better} is more accurate` : 'the interval includes 0, no clear difference')
  );
}

interface CandidateRow {
  id: string;
  description: string;
  /** Mean over repeats of the out-of-fold MAE. */
  cvMae: number;
  cvRepeats: number[];
  /** What the candidate learns when fitted on every case. */
  learned: Record<string, number>;
  /** Out-of-fold |error| − compromise |error| (first repeat), with its 95% bootstrap interval. */
  vsCompromise: { meanDifference: number; low: number; high: number };
}

/** Every calibration candidate's cross-validated MAE and the nested estimate of choosing the best. */
export function crossValidateCandidates(cases: readonly BacktestCase[], seed: number): { rows: CandidateRow[]; nested: { mae: number; chosen: string[] } } {
  const results = calibrationCandidates.map((candidate) => ({
    candidate,
    cv: crossValidate(cases, candidate, { folds: candidateFolds, repeats: candidateRepeats, seed }),
  }));
  const baseline = results.find((result) => result.candidate.id === 'compromise')!.cv.errors;
  const groups = cases.map((testCase) => testCase.group);
  const rows = results.map(({ candidate, cv }) => {
    const differences = cv.errors.map((error, index) => ({ group: groups[index]!, value: error - baseline[index]! }));
    const interval = groupBootstrap(differences, [...new Set(groups)], { seed: deriveSeed(seed, 1), resamples: 2000 });
    return {
      id: candidate.id,
      description: candidate.description,
      cvMae: cv.mae,
      cvRepeats: cv.repeats,
      learned: candidate.fit(cases).learned,
      vsCompromise: { meanDifference: differences.reduce((sum, difference) => sum + difference.value, 0) / differences.length, ...interval },
    };
  });
  return { rows, nested: nestedCrossValidate(cases, calibrationCandidates, { folds: candidateFolds, seed }) };
}

function candidateTable(candidates: ReturnType<typeof crossValidateCandidates>): string {
  const header = ['candidate', 'CV MAE', 'repeats', 'vs compromise, repeat 1 (95% interval)', 'learned on all issues'];
  const rows = candidates.rows.map((row) => [
    row.id,
    fixed(row.cvMae),
    `${fixed(Math.min(...row.cvRepeats))}–${fixed(Math.max(...row.cvRepeats))}`,
    row.id === 'compromise' ? '' : `${signed(row.vsCompromise.meanDifference)} (${signed(row.vsCompromise.low)} to ${signed(row.vsCompromise.high)})`,
    Object.entries(row.learned)
      .map(([name, value]) => `${name} ${value.toFixed(3)}`)
      .join(', '),
  ]);
  return (
    `Calibration candidates, cross-validated by proposal (${candidateFolds} folds × ${candidateRepeats} repeats):\n` +
    `${alignRows([header, ...rows])}\n` +
    `Nested cross-validation of choosing the best candidate: MAE ${fixed(candidates.nested.mae)} (chosen per fold: ${candidates.nested.chosen.join(', ')})\n`
  );
}

function alignRows(rows: string[][]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) => (column === 0 || column === row.length - 1 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

function fixed(value: number): string {
  return Number.isFinite(value) ? value.toFixed(2) : String(value);
}

function signed(value: number): string {
  return `${value > 0 ? '+' : ''}${fixed(value)}`;
}

/** The interval levels the ensemble is fitted and scored at. */
export const ensembleLevels = [0.5, 0.8, 0.95] as const;

/** The ensemble's weights file: what it learned, how well it did out of sample, and how it was made. */
export function ensembleWeightsOf(
  fit: EnsembleFit,
  data: { dataset: string; capability: string; seed: number; issues: number; proposals: number },
): EnsembleWeights {
  return {
    candidate: fit.chosen,
    pulls: fit.pulls,
    radii: fit.radii,
    noChange: fit.noChange.model,
    provenance: {
      data: 'DEU III development half (Arregui & Perarnaud 2022, doi:10.34810/data53, CC BY 4.0): reference/deu3',
      dataset: data.dataset,
      issues: data.issues,
      proposals: data.proposals,
      capability: data.capability,
      crossValidation: `${candidateFolds} folds by proposal × ${candidateRepeats} repeats, seed ${data.seed}; nested: the whole choice (candidates cross-validated with the same repeats, the rule applied) repeated inside each outer fold`,
      rule: `${fit.rule}: ${selectionRuleText[fit.rule]}`,
      command: `parley backtest deu ${data.dataset} --capability ${data.capability} --seed ${data.seed} --fit-ensemble src/core/models/ensemble-weights.json`,
      fitted: new Date().toISOString().slice(0, 10),
      candidates: fit.candidates.map((candidate) => ({
        id: candidate.id,
        cvMae: round(candidate.cvMae),
        gainOverCompromise: round(candidate.gain.mean),
        gainSe: round(candidate.gain.se),
        learned: candidate.learned,
      })),
      nested: { mae: round(fit.nested.mae), chosen: fit.nested.chosen },
      nestedByRule: fit.nestedByRule.map((score) => ({
        rule: score.rule,
        mae: round(score.mae),
        chosen: score.chosen,
        intervals: score.intervals.map((interval) => ({ level: interval.level, coverage: round(interval.coverage), meanWidth: round(interval.meanWidth) })),
      })),
      intervals: fit.intervals.map((interval) => ({ level: interval.level, coverage: round(interval.coverage), meanWidth: round(interval.meanWidth) })),
      noChange: {
        n: fit.noChange.n,
        chosen: fit.noChange.chosen,
        baseRateBrier: round(fit.noChange.baseRateBrier),
        candidates: fit.noChange.candidates.map((candidate) => ({ features: candidate.features, cvBrier: round(candidate.brier) })),
      },
    },
  };
}

function round(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** The agreement analysis' no-change score: the ensemble's, which carries it. */
function noChangeOf(result: Backtest) {
  return result.models.find((score) => score.model === 'ensemble')?.noChange ?? result.models.find((score) => score.noChange)?.noChange;
}

function intervalLines(result: Backtest): string {
  const lines: string[] = [];
  for (const score of result.models) {
    if (score.intervals) {
      const parts = score.intervals.map(
        (interval) => `${Math.round(interval.level * 100)}%: covers ${(interval.coverage * 100).toFixed(1)}%, mean width ${fixed(interval.meanWidth)}`,
      );
      lines.push(`${score.model} intervals — ${parts.join('; ')}`);
    }
    if (score.noChange) {
      lines.push(
        `${score.model} P(status quo stands), ${score.noChange.n} issues with a status quo: Brier ${score.noChange.brier.toFixed(4)} against ${score.noChange.baseRateBrier.toFixed(4)} for the base rate`,
      );
    }
  }
  return lines.length === 0 ? '' : `\n${lines.join('\n')}\n`;
}
