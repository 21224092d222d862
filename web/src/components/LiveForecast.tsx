/**
 * Every registered model's forecast per issue, updated as the scenario changes: a table of
 * numbers (each with the nearest anchor in words on hover) and, for the issue in focus, the
 * forecast chart on the issue's scale with its anchors.
 */
import { useMemo } from 'react';
import type { ForecastResult, NotApplicableResult } from '@parley/core/forecast.js';
import type { Scenario } from '@parley/core/scenario.js';
import { forecastChart } from '@parley/report/charts.js';
import { formatNumber } from '../edit.js';
import { modelsOf, nearestAnchorText, notApplicableText, resultsFor } from '../forecast-results.js';
import type { AnalysisState } from '../worker/client.js';
import { VegaChart } from './VegaChart.js';

export function LiveForecast({
  scenario,
  state,
  valid,
  focusIssue,
}: {
  scenario: Scenario;
  state: AnalysisState<'forecast'>;
  valid: boolean;
  focusIssue: string | undefined;
}) {
  // A variant's forecast (asked on the Forecast tab) is never shown as the base's.
  const forecast = state.answered?.variant ? undefined : state.result;
  const issue = scenario.issues.find((candidate) => candidate.id === focusIssue) ?? scenario.issues[0];
  // The table's cells looked up once a forecast, not searched for on every render (a key
  // press renders the table to say it is updating).
  const table = useMemo(() => {
    if (!forecast) return undefined;
    const at = (model: string, issue: string) => `${model}\u0000${issue}`;
    const results = new Map<string, ForecastResult>();
    const skipped = new Map<string, NotApplicableResult>();
    // The first row of a model on an issue, as a search would find it.
    for (const result of forecast.results) if (!results.has(at(result.model, result.issue))) results.set(at(result.model, result.issue), result);
    for (const row of forecast.notApplicable) if (!skipped.has(at(row.model, row.issue))) skipped.set(at(row.model, row.issue), row);
    return { models: modelsOf(forecast), results, skipped, at };
  }, [forecast]);
  const spec = useMemo(() => {
    if (!forecast || !issue) return undefined;
    const rows = resultsFor(forecast, issue.id);
    return rows.length > 0 ? forecastChart(issue, rows, { width: 330 }) : undefined;
  }, [forecast, issue]);

  return (
    <section className="live-forecast panel" aria-label="Live forecast">
      <div className="panel-head">
        <h2>Forecast</h2>
        <span className="muted small" data-testid="forecast-state">
          {!valid
            ? 'waiting for the problems to be fixed'
            : state.running
              ? 'updating…'
              : state.milliseconds !== undefined
                ? `computed in ${Math.round(state.milliseconds)} ms`
                : ''}
        </span>
      </div>
      {state.error ? <p className="error">{state.error}</p> : null}
      {forecast && table ? (
        <>
          <div className="table-scroll">
            <table className="forecast-table">
              <thead>
                <tr>
                  <th>issue</th>
                  {table.models.map((model) => (
                    <th key={model}>{model}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {scenario.issues.map((row) => (
                  <tr key={row.id} className={row.id === issue?.id ? 'focus' : ''}>
                    <th title={row.name}>{row.id}</th>
                    {table.models.map((model) => {
                      const result = table.results.get(table.at(model, row.id));
                      const skipped = table.skipped.get(table.at(model, row.id));
                      return (
                        <td
                          key={model}
                          data-testid={`forecast-${row.id}-${model}`}
                          title={result ? nearestAnchorText(row, result.forecast) : skipped ? notApplicableText(skipped) : undefined}
                        >
                          {result ? formatNumber(result.forecast) : skipped ? 'n/a' : '—'}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {forecast.notApplicable.length > 0 ? (
            <ul className="notes small" data-testid="not-applicable">
              {forecast.notApplicable.map((skipped) => (
                <li key={`${skipped.model}:${skipped.issue}`}>
                  n/a: {skipped.model} on {skipped.issue}, {notApplicableText(skipped)}
                </li>
              ))}
            </ul>
          ) : null}
          {spec && issue ? <VegaChart spec={spec} label={`Forecasts on ${issue.id}`} /> : null}
        </>
      ) : (
        <p className="muted">{valid ? 'Computing…' : 'Fix the problems marked in red to see the forecast.'}</p>
      )}
    </section>
  );
}
