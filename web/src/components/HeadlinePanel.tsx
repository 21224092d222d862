/**
 * The one answer, first: per issue the ensemble's forecast with its 80% interval, the chance
 * of a deal under the issue's decision rule and who blocks it, where the draws pile up, the
 * nearest anchor; then whether a package across issues opens a deal. The same words as
 * `parley forecast` (`report/headline-words.ts`), computed in a worker of its own so that it
 * never holds up the live forecast.
 */
import { useMemo } from 'react';
import type { Scenario } from '@parley/core/scenario.js';
import { headlineLine, packageLine } from '@parley/report/headline-words.js';
import { analysisClients, useAnalysis } from '../worker/client.js';

export interface HeadlinePanelProps {
  /** The base scenario when it is valid; nothing runs while it is not. */
  valid: Scenario | undefined;
  variant: string | undefined;
}

export function HeadlinePanel({ valid, variant }: HeadlinePanelProps) {
  const { headline: client } = analysisClients();
  const request = useMemo(() => (valid ? { kind: 'headline' as const, scenario: valid, ...(variant ? { variant } : {}) } : null), [valid, variant]);
  const state = useAnalysis<'headline'>(client, request, 300);
  const answersChoice = state.answered !== undefined && (state.answered.variant ?? undefined) === variant;
  const result = answersChoice ? state.result : undefined;

  const deal = result && valid ? packageLine(valid, result) : undefined;

  return (
    <section className="panel headline" aria-label="The one answer">
      <div className="panel-head">
        <h2>The one answer{variant ? ` — variant ${variant}` : ''}</h2>
        <span className="muted small">{state.running ? 'updating…' : result ? `${result.draws} draws, seed ${result.seed}` : ''}</span>
      </div>
      {state.error ? <p className="error">The headline could not be computed: {state.error}</p> : null}
      {!result || !valid ? (
        <p className="muted">{valid ? 'Computing the headline…' : 'The headline appears once the scenario is valid.'}</p>
      ) : (
        <>
          <dl className="headline-list">
            {result.summary.map((entry) => {
              const issue = valid.issues.find((candidate) => candidate.id === entry.issue);
              const [first, ...rest] = headlineLine(valid, entry).map((line) => line.replace(/^\s*▶?\s*/, ''));
              return (
                <div key={entry.issue} className="headline-issue" data-issue={entry.issue}>
                  <dt>
                    <b>{entry.issue}</b> {issue?.name ?? ''}
                  </dt>
                  <dd>
                    <p>{first}</p>
                    {rest.map((line) => (
                      <p key={line} className="muted small">
                        {line}
                      </p>
                    ))}
                  </dd>
                </div>
              );
            })}
          </dl>
          {deal ? <p>{deal}</p> : null}
          <p className="muted small">
            The forecast is the ensemble of the models, weighted by their record on EU legislation (DEU III), with an interval of the width that record
            supports. The chance of a deal is 1 − P(the status quo stands), fitted on the same record; the win-set share beside it is this scenario&apos;s own
            agreement analysis over the input ranges.
          </p>
        </>
      )}
    </section>
  );
}
