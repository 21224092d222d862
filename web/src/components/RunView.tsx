/**
 * A recorded run opened again: its outputs drawn as the Forecast tab drew them when it ran —
 * forecast charts, Monte Carlo distributions, tornadoes or a comparison — on the scenario as
 * it was at the run's version.
 */
import { useEffect, useMemo, useState } from 'react';
import type { CompareResult } from '@parley/core/analyses/compare.js';
import type { MonteCarloSummary } from '@parley/core/analyses/monte-carlo.js';
import type { SensitivityResult } from '@parley/core/analyses/sensitivity.js';
import type { Forecast } from '@parley/core/forecast.js';
import { applyVariant } from '@parley/core/resolve.js';
import type { Scenario } from '@parley/core/scenario.js';
import { distributionChart, forecastChart, tornadoChart } from '@parley/report/charts.js';
import type { RunRecord } from '@parley/server/protocol.js';
import { api, errorText } from '../api.js';
import { CompareView } from './CompareView.js';
import { when } from './format.js';
import { VegaChart } from './VegaChart.js';

export function RunView({ scenarioId, runId, onClose }: { scenarioId: string; runId: string; onClose: () => void }) {
  const [run, setRun] = useState<RunRecord>();
  const [scenario, setScenario] = useState<Scenario>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    let cancelled = false;
    setRun(undefined);
    setFailure(undefined);
    void (async () => {
      try {
        const opened = await api.run(runId);
        const stored = await api.scenarioAt(scenarioId, opened.version);
        if (cancelled) return;
        setRun(opened);
        setScenario(stored.document.scenario);
      } catch (error) {
        if (!cancelled) setFailure(errorText(error));
      }
    })();
    return () => {
      cancelled = true;
    };
  }, [scenarioId, runId]);
  const shown = useMemo(() => {
    if (!scenario || !run?.variant) return scenario;
    try {
      return applyVariant(scenario, run.variant);
    } catch {
      return scenario;
    }
  }, [scenario, run]);

  return (
    <section className="panel run-view" aria-label="Recorded run">
      <div className="panel-head">
        <h2>{run ? `The ${run.kind} run of ${when(run.createdAt)}` : 'Recorded run'}</h2>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
      {failure ? <p className="error">{failure}</p> : null}
      {run && shown ? (
        <>
          <p className="muted small">
            Version {run.version}
            {run.variant ? `, variant ${run.variant}` : ', the base scenario'}, {run.models.length} models{run.seed === null ? '' : `, seed ${run.seed}`}, by{' '}
            {run.author}; inputs <span className="mono">{run.inputsHash.slice(0, 16)}</span>.
          </p>
          <RunOutputs run={run} scenario={shown} />
        </>
      ) : !failure ? (
        <p className="muted">Opening…</p>
      ) : null}
    </section>
  );
}

function RunOutputs({ run, scenario }: { run: RunRecord; scenario: Scenario }) {
  const names = Object.fromEntries(scenario.actors.map((actor) => [actor.id, actor.name]));
  switch (run.kind) {
    case 'forecast': {
      const outputs = run.outputs as Forecast;
      return (
        <div className="issue-cards">
          {scenario.issues.map((issue) => (
            <VegaChart
              key={issue.id}
              spec={forecastChart(
                issue,
                outputs.results.filter((row) => row.issue === issue.id),
                { width: 400 },
              )}
              label={`Recorded forecast on ${issue.id}`}
            />
          ))}
        </div>
      );
    }
    case 'monte-carlo': {
      const outputs = run.outputs as MonteCarloSummary;
      return (
        <div className="issue-cards">
          {scenario.issues.map((issue) => {
            const rows = outputs.results.filter((row) => row.issue === issue.id);
            return rows.length ? (
              <VegaChart key={issue.id} spec={distributionChart(issue, rows, { width: 400 })} label={`Recorded Monte Carlo distribution on ${issue.id}`} />
            ) : null;
          })}
        </div>
      );
    }
    case 'sensitivity': {
      const outputs = run.outputs as SensitivityResult;
      return (
        <div className="issue-cards">
          {scenario.issues.map((issue) => {
            const rows = outputs.tornado.filter((row) => row.issue === issue.id);
            return rows.length ? (
              <VegaChart key={issue.id} spec={tornadoChart(issue, rows, { actorNames: names, width: 380 })} label={`Recorded tornado on ${issue.id}`} />
            ) : null;
          })}
        </div>
      );
    }
    case 'compare':
      return <CompareView scenario={scenario} result={run.outputs as CompareResult} />;
    default:
      return <p className="muted">This kind of run has no view here.</p>;
  }
}
