/**
 * The base and any number of variants side by side: a chart per issue (a dot per scenario on
 * each model's row) and a table with one row per issue and model and one column per
 * scenario, so more models add rows, never columns that scroll out of sight.
 */
import { useMemo } from 'react';
import type { CompareResult } from '@parley/core/analyses/compare.js';
import type { Scenario } from '@parley/core/scenario.js';
import { compareChart } from '../compare-chart.js';
import { formatNumber } from '../edit.js';
import { VegaChart } from './VegaChart.js';

export function CompareView({ scenario, result, chart = true }: { scenario: Scenario; result: CompareResult; chart?: boolean }) {
  return (
    <div className="compare-view">
      {chart ? (
        <div className="issue-cards">
          {scenario.issues.map((issue) => (
            <CompareChart key={issue.id} scenario={scenario} issueId={issue.id} result={result} />
          ))}
        </div>
      ) : null}
      <CompareTable scenario={scenario} result={result} />
    </div>
  );
}

function CompareChart({ scenario, issueId, result }: { scenario: Scenario; issueId: string; result: CompareResult }) {
  const issue = scenario.issues.find((candidate) => candidate.id === issueId)!;
  const spec = useMemo(() => compareChart(issue, result), [issue, result]);
  return <VegaChart spec={spec} label={`Variants compared on ${issue.id}`} />;
}

/** In a box of its own that scrolls sideways when the variants do not fit (a phone), never cut off by the page. */
export function CompareTable({ scenario, result }: { scenario: Scenario; result: CompareResult }) {
  return (
    <div className="table-scroll">
      <table className="compare-table long">
        <thead>
          <tr>
            <th>issue</th>
            <th>model</th>
            <th>base</th>
            {result.variants.map((variant) => (
              <th key={variant} className="variant-head">
                {variant} <span className="muted small">(Δ)</span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {scenario.issues.flatMap((issue) => {
            const rows = result.results.filter((row) => row.issue === issue.id);
            return rows.map((row, index) => (
              <tr key={`${issue.id}-${row.model}`} className={index === 0 ? 'issue-start' : ''}>
                {index === 0 ? (
                  <th rowSpan={rows.length} title={issue.name} className="issue-cell">
                    {issue.id}
                  </th>
                ) : null}
                <td className="model-cell">{row.model}</td>
                <td className="base-value">{formatNumber(row.base)}</td>
                {result.variants.map((variant) => {
                  const other = row.variants.find((candidate) => candidate.variant === variant);
                  // A variant where the model cannot run shows a dash and, on hover, why.
                  if (!other || other.forecast === null || other.difference === null) {
                    return (
                      <td
                        key={variant}
                        className="variant-value muted"
                        data-testid={`compare-${issue.id}-${row.model}-${variant}`}
                        title={other?.reason ?? 'no forecast'}
                      >
                        —
                      </td>
                    );
                  }
                  const moved = Math.abs(other.difference) > 1e-9;
                  return (
                    <td key={variant} className={moved ? 'variant-value moved' : 'variant-value'} data-testid={`compare-${issue.id}-${row.model}-${variant}`}>
                      {formatNumber(other.forecast)}{' '}
                      <span className={moved ? 'difference moved' : 'difference muted'}>
                        {moved ? `(${other.difference > 0 ? '+' : ''}${formatNumber(other.difference)})` : '(0)'}
                      </span>
                    </td>
                  );
                })}
              </tr>
            ));
          })}
        </tbody>
      </table>
    </div>
  );
}
