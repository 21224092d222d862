/**
 * The forecast in full: every registered model's forecast per issue on the issue's scale;
 * the reasoning of the expected utility model (its trajectory and relation map) and of the
 * spatial model (its outcome probabilities), read from their declared details types; Monte Carlo over every range (the distribution of each forecast) and the
 * tornado (which inputs move it most), both run in the worker on request. Models are taken
 * from the results, so a newly registered model shows up without a change here.
 */
import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { ForecastResult, NotApplicableResult } from '@parley/core/forecast.js';
import { applyVariant } from '@parley/core/resolve.js';
import type { Scenario, Variant } from '@parley/core/scenario.js';
import type { HeavyKind, KeptRun, ScenarioAnalyses } from '../analyses.js';
import { CompareView } from './CompareView.js';
import { EumInWords, ExchangeTrades, SmpInWords } from './ReasoningWords.js';
import { AdvicePanel } from './AdvicePanel.js';
import { HeadlinePanel } from './HeadlinePanel.js';
import { distributionChart, forecastChart, relationsChart, tornadoChart, trajectoryChart } from '@parley/report/charts.js';
import type { RunRequest } from '@parley/server/protocol.js';
import { api, errorText } from '../api.js';
import { formatNumber } from '../edit.js';
import { durationWords } from '../time-left.js';
import { analysisClients, useAnalysis, type AnalysisState } from '../worker/client.js';
import { notApplicableFor, notApplicableText, outcomeGroups, resultsFor, roundByRound } from '../forecast-results.js';
import { ServerSweep } from './ServerSweep.js';
import { VegaChart } from './VegaChart.js';
import { keyed } from '../keys.js';

export interface ForecastPanelProps {
  /** The base scenario as edited. */
  scenario: Scenario;
  /** The base scenario when it is valid (what analyses run on). */
  valid: Scenario | undefined;
  /** The live forecast of the chosen variant (or the base). */
  forecast: AnalysisState<'forecast'>;
  /** The chosen variant; undefined: the base. */
  variant: string | undefined;
  onVariant: (variant: string | undefined) => void;
  analyses: ScenarioAnalyses;
  version: number;
  scenarioId: string;
  /** The workspace whose ledger "Record this forecast" writes to. */
  workspaceId: string;
  author: string;
  /** Adds a variant to the scenario (the advice panel's "Make it a variant"). */
  onAddVariant: (variant: Variant) => void;
}

/** The scenario with the variant's changes, for charts (a variant can move a status quo); the base when it cannot apply. */
function withVariant(scenario: Scenario, variant: string | undefined): Scenario {
  if (!variant) return scenario;
  try {
    return applyVariant(scenario, variant);
  } catch {
    return scenario;
  }
}

export function ForecastPanel({
  scenario: base,
  valid,
  forecast,
  variant,
  onVariant,
  analyses,
  version,
  scenarioId,
  workspaceId,
  author,
  onAddVariant,
}: ForecastPanelProps) {
  const scenario = useMemo(() => withVariant(base, variant), [base, variant]);
  // The reasoning needs the full details: a forecast asked for the numbers alone (another tab's) is not this panel's answer.
  const answersChoice = forecast.answered !== undefined && (forecast.answered.variant ?? undefined) === variant && forecast.answered.detail !== 'forecast';
  const result = answersChoice ? forecast.result : undefined;
  const [detailIssue, setDetailIssue] = useState(scenario.issues[0]?.id ?? '');
  const [recorded, setRecorded] = useState<string>();
  const variantSelect = useId();
  const variants = base.variants ?? [];

  const [recording, setRecording] = useState<Recording>();
  const cancelRecording = useRef<AbortController | undefined>(undefined);
  useEffect(() => () => cancelRecording.current?.abort(), []);
  // The server computes the run again before it records it; a Monte Carlo run takes as long
  // there as here, so the page shows the time left and a Cancel that stops the server's draws.
  const record = async (request: RunRequest, estimateMilliseconds?: number) => {
    const controller = new AbortController();
    cancelRecording.current = controller;
    setRecorded(request.kind === 'monte-carlo' ? undefined : 'Recording…');
    if (request.kind === 'monte-carlo')
      setRecording({
        draws: request.draws,
        started: Date.now(),
        ...(estimateMilliseconds === undefined ? {} : { estimateMilliseconds }),
        cancel: () => controller.abort(),
      });
    try {
      const run = await api.recordRun(scenarioId, { ...request, ...(variant ? { variant } : {}), author }, controller.signal);
      setRecorded(
        `Recorded the ${run.kind} run${run.variant ? ` of variant ${run.variant}` : ''} on version ${run.version} (inputs ${run.inputsHash.slice(0, 10)}…); see History.`,
      );
    } catch (error) {
      setRecorded(
        controller.signal.aborted ? `Cancelled: the server stopped the ${request.kind} run's draws and recorded nothing.` : `Not recorded: ${errorText(error)}`,
      );
    } finally {
      if (cancelRecording.current === controller) cancelRecording.current = undefined;
      setRecording(undefined);
    }
  };

  // The run for History first (quick), then the same entry as parley ledger record (the saved version, seed 1).
  const recordOnLedger = async () => {
    setRecorded('Recording…');
    try {
      const run = await api.recordRun(scenarioId, { kind: 'forecast', ...(variant ? { variant } : {}), author });
      const recordedRun = `Recorded the forecast run${run.variant ? ` of variant ${run.variant}` : ''} on version ${run.version}`;
      setRecorded(`${recordedRun}; putting it on the ledger (the server runs every model and the one answer)…`);
      const { entry } = await api.recordForecast(workspaceId, { scenario: scenarioId, version: run.version, ...(variant ? { variant } : {}), author });
      setRecorded(`${recordedRun}, and put it on the ledger as entry ${entry.seq} (hash ${entry.hash.slice(0, 12)}…); see History and the Track record.`);
    } catch (error) {
      setRecorded(`Not recorded: ${errorText(error)}`);
    }
  };

  return (
    <div className="forecast-page">
      <section className="panel variant-choice">
        <div className="panel-head">
          <label htmlFor={variantSelect}>
            <b>Variant</b>
          </label>
          <select id={variantSelect} value={variant ?? ''} onChange={(event) => onVariant(event.target.value || undefined)}>
            <option value="">the base scenario</option>
            {variants.map((entry) => (
              <option key={entry.id} value={entry.id}>
                {entry.id}
                {entry.description ? `: ${entry.description}` : ''}
              </option>
            ))}
          </select>
          <DownloadReport scenarioId={scenarioId} variant={variant} />
          <span className="muted small">
            {variant
              ? `Every analysis below runs on variant ${variant}: the base with its ${variants.find((entry) => entry.id === variant)?.changes.length ?? 0} change(s).`
              : 'Every analysis below runs on the base scenario; choose a variant to analyse it instead.'}
          </span>
        </div>
      </section>
      <HeadlinePanel valid={valid} variant={variant} />
      <AdvicePanel valid={valid} variant={variant} onAdopt={onAddVariant} />
      <section className="panel">
        <div className="panel-head">
          <h2>Forecast per issue{variant ? ` — variant ${variant}` : ''}</h2>
          <span className="muted small">
            {!valid ? 'the scenario has problems: fix them in Sources & grid' : forecast.running || !answersChoice ? 'updating…' : ''}
          </span>
          <button type="button" disabled={!valid} onClick={() => void recordOnLedger()}>
            Record this forecast
          </button>
        </div>
        {recorded ? <p className="note">{recorded}</p> : null}
        {forecast.error ? <p className="error">{forecast.error}</p> : null}
        <div className="issue-cards">
          {result ? (
            scenario.issues.map((issue) => (
              <IssueCard
                key={issue.id}
                scenario={scenario}
                issueId={issue.id}
                rows={resultsFor(result, issue.id)}
                skipped={notApplicableFor(result, issue.id)}
              />
            ))
          ) : (
            <p className="muted">Computing…</p>
          )}
        </div>
      </section>
      {result ? (
        <section className="panel">
          <div className="panel-head">
            <h2>How the models get there</h2>
            <label>
              Issue{' '}
              <select value={detailIssue} onChange={(event) => setDetailIssue(event.target.value)} aria-label="Issue for the models' reasoning">
                {scenario.issues.map((issue) => (
                  <option key={issue.id} value={issue.id}>
                    {issue.id}: {issue.name}
                  </option>
                ))}
              </select>
            </label>
          </div>
          <Reasoning scenario={scenario} issueId={detailIssue} rows={resultsFor(result, detailIssue)} />
        </section>
      ) : null}
      <Uncertainty scenario={scenario} base={valid} variant={variant} analyses={analyses} version={version} onRecord={record} recording={recording} />
      <CompareVariants scenario={base} valid={valid} />
      <ServerSweep scenario={scenario} scenarioId={scenarioId} author={author} variant={variant} />
    </div>
  );
}

/** The brief `parley report` writes (100 draws, seed 1) of the scenario as saved, on the chosen variant. */
function DownloadReport({ scenarioId, variant }: { scenarioId: string; variant: string | undefined }) {
  const [state, setState] = useState<string>();
  const download = async () => {
    setState('Making the brief… (the server runs every analysis; this takes a few seconds)');
    try {
      const { fileName, text } = await api.report(scenarioId, variant);
      const url = URL.createObjectURL(new Blob([text], { type: 'text/html' }));
      const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
      link.click();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setState(`Downloaded ${fileName}.`);
    } catch (error) {
      setState(`No report: ${errorText(error)}`);
    }
  };
  return (
    <>
      <button type="button" onClick={() => void download()} title="the same brief as parley report, of the scenario as last saved">
        Download report
      </button>
      {state ? (
        <span className="note small" role="status">
          {state}
        </span>
      ) : null}
    </>
  );
}

/** Several variants at once against the base, in charts and a table. */
function CompareVariants({ scenario, valid }: { scenario: Scenario; valid: Scenario | undefined }) {
  const { live } = analysisClients();
  const ids = (scenario.variants ?? []).map((variant) => variant.id);
  const [chosen, setChosen] = useState<string[] | undefined>();
  const picked = (chosen ?? ids).filter((id) => ids.includes(id));
  const pickedKey = picked.join('\u0000');
  // Keyed by the ids' text, so a new array with the same ids does not post a new request.
  const request = useMemo(
    () => (valid && pickedKey !== '' ? { kind: 'compare' as const, scenario: valid, variants: pickedKey.split('\u0000') } : null),
    [valid, pickedKey],
  );
  const comparison = useAnalysis<'compare'>(live, request, 250);
  if (ids.length === 0) {
    return (
      <section className="panel">
        <h2>Variants compared</h2>
        <p className="muted small">No variants yet: make one in the Variants tab, then compare several here at once.</p>
      </section>
    );
  }
  const current = comparison.result && comparison.answered?.scenario === valid ? comparison.result : undefined;
  return (
    <section className="panel" aria-label="Variants compared">
      <div className="panel-head">
        <h2>Variants compared with the base</h2>
        <fieldset className="variant-picks">
          <legend className="sr-only">Variants to compare</legend>
          {ids.map((id) => (
            <label key={id} className="small">
              <input
                type="checkbox"
                checked={picked.includes(id)}
                onChange={(event) => setChosen(event.target.checked ? [...picked, id] : picked.filter((other) => other !== id))}
              />{' '}
              {id}
            </label>
          ))}
        </fieldset>
        <span className="muted small">{comparison.running ? 'updating…' : ''}</span>
      </div>
      {comparison.error ? <p className="error">{comparison.error}</p> : null}
      {picked.length === 0 ? (
        <p className="muted small">Tick the variants to compare.</p>
      ) : current ? (
        <CompareView scenario={scenario} result={current} />
      ) : (
        <p className="muted">Computing…</p>
      )}
    </section>
  );
}

function IssueCard({ scenario, issueId, rows, skipped }: { scenario: Scenario; issueId: string; rows: ForecastResult[]; skipped: NotApplicableResult[] }) {
  const issue = scenario.issues.find((candidate) => candidate.id === issueId)!;
  const spec = useMemo(() => forecastChart(issue, rows, { width: 420 }), [issue, rows]);
  const notes = [
    ...skipped.map((row) => `${row.model}: ${notApplicableText(row)}`),
    ...rows.flatMap((row) => row.notes.map((note) => `${row.model}: ${note}`)),
  ];
  return (
    <article className="issue-card" data-testid={`issue-card-${issueId}`}>
      <VegaChart spec={spec} label={`Forecasts on ${issue.id}`} />
      {notes.length ? (
        <ul className="notes small">
          {keyed(notes).map(({ key, item: note }) => (
            <li key={key}>{note}</li>
          ))}
        </ul>
      ) : null}
    </article>
  );
}

function Reasoning({ scenario, issueId, rows }: { scenario: Scenario; issueId: string; rows: ForecastResult[] }) {
  const issue = scenario.issues.find((candidate) => candidate.id === issueId);
  const [round, setRound] = useState(1);
  const names = useMemo(() => Object.fromEntries(scenario.actors.map((actor) => [actor.id, actor.name])), [scenario]);
  if (!issue) return null;
  const parts = rows.flatMap((row) => {
    const run = roundByRound(row);
    const groups = outcomeGroups(row);
    const shown = [];
    if (run) {
      const rounds = run.relations?.length ?? 0;
      shown.push(
        <div key={`${row.model}-run`} className="reasoning">
          <h3>{row.model}: round by round</h3>
          <div className="charts-row">
            <VegaChart spec={trajectoryChart(issue, run, { width: 420, height: 260 })} label={`${row.model} trajectory on ${issue.id}`} />
            {rounds > 0 ? (
              <div>
                <label className="small">
                  Round{' '}
                  <input
                    type="number"
                    min={1}
                    max={rounds}
                    value={Math.min(round, rounds)}
                    onChange={(event) => setRound(Number(event.target.value) || 1)}
                    aria-label="Round of the relation map"
                  />{' '}
                  of {rounds}
                </label>
                <VegaChart spec={relationsChart(issue, run, { round: Math.min(round, rounds) })} label={`${row.model} relation map on ${issue.id}`} />
              </div>
            ) : null}
          </div>
        </div>,
      );
    }
    if (groups) {
      shown.push(
        <div key={`${row.model}-groups`} className="reasoning">
          <h3>{row.model}: outcome probabilities</h3>
          <table className="groups">
            <thead>
              <tr>
                <th>final position</th>
                <th>probability</th>
                <th>actors there</th>
              </tr>
            </thead>
            <tbody>
              {keyed(
                [...groups].sort((a, b) => b.probability - a.probability),
                (group) => String(group.position),
              ).map(({ key, item: group }) => (
                <tr key={key}>
                  <td>{formatNumber(group.position)}</td>
                  <td>
                    <span className="prob-bar" style={{ width: `${Math.round(group.probability * 100)}px` }} /> {(group.probability * 100).toFixed(1)}%
                  </td>
                  <td>{group.actors.map((actor) => names[actor] ?? actor).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>,
      );
    }
    const words = [
      <EumInWords key={`${row.model}-eum-words`} row={row} issue={issue} names={names} />,
      <ExchangeTrades key={`${row.model}-trades`} row={row} scenario={scenario} names={names} />,
      <SmpInWords key={`${row.model}-smp-words`} row={row} issue={issue} names={names} />,
    ];
    return [...shown, ...words];
  });
  return parts.length ? parts : <p className="muted">No model reports round-by-round results for this issue.</p>;
}

/** A Monte Carlo run the server is computing to record it. */
interface Recording {
  draws: number;
  /** `Date.now()` when it was asked for. */
  started: number;
  /** How long the page's own run of these draws took: what the server's is estimated at. */
  estimateMilliseconds?: number;
  cancel: () => void;
}

/** The server's run in progress, in words: how long it has left by the page's own run of the same draws, and Cancel. */
function RecordingStatus({ recording }: { recording: Recording }) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  const elapsed = (now - recording.started) / 1000;
  const estimate = recording.estimateMilliseconds === undefined ? undefined : recording.estimateMilliseconds / 1000;
  const left =
    estimate === undefined
      ? 'no estimate of the time it needs'
      : elapsed < estimate
        ? `${durationWords(estimate - elapsed)} left, going by the page’s own run of them (${durationWords(estimate)})`
        : `taking longer than the page’s own run of them (${durationWords(estimate)})`;
  return (
    <div className="recording" role="status" aria-label="Server run">
      <span className="small">
        Recording: the server computes the {recording.draws.toLocaleString('en')} draws again before it records them · {left}.
      </span>{' '}
      <button type="button" onClick={recording.cancel}>
        Cancel the server run
      </button>
    </div>
  );
}

function Uncertainty({
  scenario,
  base,
  variant,
  analyses,
  version,
  onRecord,
  recording,
}: {
  scenario: Scenario;
  base: Scenario | undefined;
  variant: string | undefined;
  analyses: ScenarioAnalyses;
  version: number;
  onRecord: (request: RunRequest, estimateMilliseconds?: number) => Promise<void>;
  recording: Recording | undefined;
}) {
  const [draws, setDraws] = useState(300);
  const [seed, setSeed] = useState(1);
  const names = useMemo(() => Object.fromEntries(scenario.actors.map((actor) => [actor.id, actor.name])), [scenario]);
  const monteCarlo = analyses.kept('monte-carlo', variant);
  const tornado = analyses.kept('sensitivity', variant);
  const runningMonteCarlo = analyses.monteCarlo.running && analyses.runningVariant['monte-carlo'] === variant;
  const runningTornado = analyses.tornado.running && analyses.runningVariant.sensitivity === variant;
  const stale = (kept: KeptRun<HeavyKind> | undefined) => kept !== undefined && kept.scenario !== base;
  const ranOn = (kept: KeptRun<HeavyKind>) =>
    `Computed on version ${kept.version}${kept.variant ? `, variant ${kept.variant}` : ', the base scenario'}${kept.draws ? `, ${kept.draws} draws, seed ${kept.seed}` : ''}.`;

  return (
    <>
      <section className="panel">
        <div className="panel-head">
          <h2>How sure: Monte Carlo over every range</h2>
          <label className="small">
            draws{' '}
            <input type="number" min={10} max={5000} value={draws} onChange={(event) => setDraws(Number(event.target.value))} aria-label="Monte Carlo draws" />
          </label>
          <label className="small">
            seed <input type="number" value={seed} onChange={(event) => setSeed(Number(event.target.value))} aria-label="Monte Carlo seed" />
          </label>
          <button
            type="button"
            className="primary"
            disabled={!base || !(draws >= 1 && draws <= 5000) || !Number.isInteger(seed)}
            onClick={() => base && analyses.runMonteCarlo(base, variant, draws, seed, version)}
          >
            Run Monte Carlo
          </button>
          <button
            type="button"
            disabled={!monteCarlo || stale(monteCarlo) || recording !== undefined}
            onClick={() => monteCarlo && void onRecord({ kind: 'monte-carlo', draws: monteCarlo.draws!, seed: monteCarlo.seed! }, monteCarlo.milliseconds)}
          >
            Record
          </button>
        </div>
        {recording ? <RecordingStatus recording={recording} /> : null}
        {runningMonteCarlo ? (
          <p className="muted">
            Drawing… {analyses.monteCarlo.progress ?? 0} of {draws}
          </p>
        ) : null}
        {analyses.monteCarlo.error ? <p className="error">{analyses.monteCarlo.error}</p> : null}
        {monteCarlo ? (
          <p className={stale(monteCarlo) ? 'warn small' : 'muted small'}>
            {ranOn(monteCarlo)}
            {stale(monteCarlo) ? ' The scenario changed since this run: run it again to update.' : ''}
          </p>
        ) : null}
        {monteCarlo ? (
          <div className="issue-cards">
            {scenario.issues.map((issue) => {
              const rows = monteCarlo.result.results.filter((row) => row.issue === issue.id);
              return rows.length ? (
                <VegaChart key={issue.id} spec={distributionChart(issue, rows, { width: 400 })} label={`Monte Carlo distribution on ${issue.id}`} />
              ) : null;
            })}
          </div>
        ) : !runningMonteCarlo ? (
          <p className="muted small">
            Draws every ranged input from its triangular range and runs every model on each draw: the spread of each forecast, with its 5–95 and 10–90
            percentiles.
          </p>
        ) : null}
      </section>
      <section className="panel">
        <div className="panel-head">
          <h2>What drives it: tornado</h2>
          <button type="button" className="primary" disabled={!base} onClick={() => base && analyses.runTornado(base, variant, version)}>
            Run sensitivity
          </button>
          <button type="button" disabled={!tornado || stale(tornado)} onClick={() => void onRecord({ kind: 'sensitivity' })}>
            Record
          </button>
        </div>
        {runningTornado ? <p className="muted">Computing…</p> : null}
        {analyses.tornado.error ? <p className="error">{analyses.tornado.error}</p> : null}
        {tornado ? (
          <p className={stale(tornado) ? 'warn small' : 'muted small'}>
            {ranOn(tornado)}
            {stale(tornado) ? ' The scenario changed since this run: run it again to update.' : ''}
          </p>
        ) : null}
        {tornado ? (
          <div className="issue-cards">
            {scenario.issues.map((issue) => {
              const rows = tornado.result.tornado.filter((row) => row.issue === issue.id);
              return rows.length ? (
                <VegaChart key={issue.id} spec={tornadoChart(issue, rows, { actorNames: names, width: 380 })} label={`Tornado on ${issue.id}`} />
              ) : null;
            })}
          </div>
        ) : !runningTornado ? (
          <p className="muted small">
            Moves each ranged input to its low and its high, the others at their best guess, and ranks the inputs by how far they move each forecast.
          </p>
        ) : null}
      </section>
    </>
  );
}
