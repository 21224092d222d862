/**
 * What would move it: choose a side, and the page lists what that actor could do to move the
 * one-answer forecast towards its positions (`parley advise`, in its words from
 * `report/advice-words.ts`), computed in the headline's worker. A click makes a piece of
 * advice a variant of the scenario, which the comparison below sets beside the base.
 */
import { useId, useMemo, useState } from 'react';
import { adviceVariant } from '@parley/core/analyses/advise.js';
import type { Scenario, Variant } from '@parley/core/scenario.js';
import { adviceLine, searchWords } from '@parley/report/advice-words.js';
import { analysisClients, useAnalysis } from '../worker/client.js';

export interface AdvicePanelProps {
  /** The base scenario when it is valid; nothing runs while it is not. */
  valid: Scenario | undefined;
  variant: string | undefined;
  /** Adds the variant to the scenario (a new version). */
  onAdopt: (variant: Variant) => void;
}

export function AdvicePanel({ valid, variant, onAdopt }: AdvicePanelProps) {
  const { headline: client } = analysisClients();
  const sideSelect = useId();
  const [side, setSide] = useState<string>();
  const [adopted, setAdopted] = useState<string>();
  const sides = (valid?.actors ?? []).filter((actor) => Object.keys(actor.stances).length > 0);
  const actor = side !== undefined && sides.some((candidate) => candidate.id === side) ? side : undefined;
  const request = useMemo(
    () => (valid && actor ? { kind: 'advise' as const, scenario: valid, actor, ...(variant ? { variant } : {}) } : null),
    [valid, actor, variant],
  );
  const state = useAnalysis<'advise'>(client, request, 300);
  const answersChoice =
    state.answered !== undefined && state.answered.actor === actor && (state.answered.variant ?? undefined) === variant && state.answered.scenario === valid;
  const result = answersChoice ? state.result : undefined;
  const name = sides.find((candidate) => candidate.id === actor)?.name ?? actor ?? '';

  const adopt = (index: number) => {
    if (!valid || !result) return;
    const made = adviceVariant(valid, result, index, variant);
    onAdopt(made);
    setAdopted(made.id);
  };

  return (
    <section className="panel advice" aria-label="What would move it">
      <div className="panel-head">
        <h2>What would move it{variant ? ` — variant ${variant}` : ''}</h2>
        <label htmlFor={sideSelect}>Your side</label>
        <select id={sideSelect} value={actor ?? ''} onChange={(event) => setSide(event.target.value || undefined)} disabled={!valid}>
          <option value="">choose an actor</option>
          {sides.map((candidate) => (
            <option key={candidate.id} value={candidate.id}>
              {candidate.name}
            </option>
          ))}
        </select>
        <span className="muted small">{actor && (state.running || !answersChoice) ? 'searching…' : ''}</span>
      </div>
      {state.error && actor ? <p className="error">No advice: {state.error}</p> : null}
      {!valid ? (
        <p className="muted">Advice appears once the scenario is valid.</p>
      ) : !actor ? (
        <p className="muted">
          Choose a side: the page searches what that actor could do (its own moves, persuasion, backing, trades, who decides) to bring the one-answer forecast
          closer to its positions.
        </p>
      ) : !result ? (
        <p className="muted">Searching…</p>
      ) : (
        <>
          {result.advice.length === 0 ? (
            <p>Nothing searched raises {name}&apos;s utility.</p>
          ) : (
            <ol className="advice-list">
              {result.advice.map((item, index) => (
                <li key={JSON.stringify(item.changes)} data-testid={`advice-${index + 1}`}>
                  <span>{adviceLine(result, item)}</span>{' '}
                  <button type="button" onClick={() => adopt(index)}>
                    Make it a variant
                  </button>
                </li>
              ))}
            </ol>
          )}
          {adopted ? (
            <p className="note" role="status">
              Added variant {adopted}: it is set beside the base in “Variants compared with the base” below.
            </p>
          ) : null}
          <p className="muted small">
            {searchWords(result)} Utility is the closeness of the one-answer forecast to {name}&apos;s positions, weighted by its saliences; each piece of
            advice is a set of variant changes.
          </p>
        </>
      )}
    </section>
  );
}
