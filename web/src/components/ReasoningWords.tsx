/**
 * The models' reasoning in words, read from what each forecast's `details` kept:
 * - the expected utility model: each round's moves, most consequential first (the mover's
 *   share of the weight × how far it moved, as a fraction of the scale: how much the move
 *   shifts the weighted balance), who pressed it and who backed the challenge; moves under
 *   1% of the scale fold away; then every contest of the round (`explainEumRound`);
 * - the exchange model: the trade list — who gives what to whom, and the gain of each;
 * - the spatial model: `explainSmpIssue`, the same sentences as `parley explain --model smp`.
 */
import type { ForecastResult } from '@parley/core/forecast.js';
import { detailsOf } from '@parley/core/models/details.js';
import { explainEumRound, hasEumRun } from '@parley/core/models/eum/index.js';
import { explainSmpIssue } from '@parley/core/models/smp/explain.js';
import { isFullSmpDetails } from '@parley/core/models/smp/types.js';
import type { Issue, Scenario } from '@parley/core/scenario.js';
import { formatNumber } from '../edit.js';
import { keyed } from '../keys.js';

/** A move smaller than this share of the scale is folded away as trivial. */
const trivialShare = 0.01;

interface Move {
  round: number;
  actor: string;
  by: string;
  from: number;
  to: number;
  consequence: number;
  backers: string[];
}

/** A move's key: an actor moves at most once a round. */
function moveContent(move: Move): string {
  return `${move.round}:${move.actor}`;
}

export function EumInWords({ row, issue, names }: { row: ForecastResult; issue: Issue; names: Record<string, string> }) {
  const run = detailsOf(row, 'eum');
  if (!run || !hasEumRun(run) || !run.relations) return null;
  const nameOf = (id: string) => names[id] ?? id;
  const total = run.actors.reduce((sum, actor) => sum + actor.weight, 0);
  const weight = new Map(run.actors.map((actor) => [actor.id, actor.weight]));
  const span = issue.scale.max - issue.scale.min;
  const moves: Move[] = run.relations.flatMap((round) =>
    round.moves.map((move) => ({
      round: round.round,
      actor: move.actor,
      by: move.by,
      from: move.from,
      to: move.to,
      consequence: total > 0 && run.delta > 0 ? ((weight.get(move.actor) ?? 0) / total) * (Math.abs(move.to - move.from) / run.delta) : 0,
      backers: move.shares
        .filter((share) => share.share >= 0.05 && share.actor !== move.by)
        .slice(0, 2)
        .map((share) => `${nameOf(share.actor)} ${Math.round(share.share * 100)}%`),
    })),
  );
  const trivial = (move: Move) => Math.abs(move.to - move.from) < trivialShare * span;
  const shown = moves.filter((move) => !trivial(move)).sort((a, b) => b.consequence - a.consequence);
  const folded = moves.filter(trivial);
  const rounds = run.relations.length;
  return (
    <div className="in-words" data-testid="eum-words">
      <h4>eum in words</h4>
      <p className="small">
        Over {rounds} round{rounds === 1 ? '' : 's'} the weighted median goes from {formatNumber(run.trajectory[0]!.median)} to {formatNumber(row.forecast)}.
        The moves, most consequential first (the mover’s weight × how far it moves):
      </p>
      {shown.length === 0 ? <p className="muted small">No actor moves more than 1% of the scale.</p> : null}
      <ol className="moves small">
        {keyed(shown, moveContent).map(({ key, item: move }) => (
          <li key={key}>
            Round {move.round}: <b>{nameOf(move.actor)}</b> moves from {formatNumber(move.from)} to {formatNumber(move.to)}, pressed by {nameOf(move.by)}
            {move.backers.length ? ` (backed by ${move.backers.join(', ')})` : ''}.
          </li>
        ))}
      </ol>
      {folded.length ? (
        <details className="small">
          <summary>
            {folded.length} trivial move{folded.length === 1 ? '' : 's'} (under 1% of the scale) folded away
          </summary>
          <ul>
            {keyed(folded, moveContent).map(({ key, item: move }) => (
              <li key={key}>
                Round {move.round}: {nameOf(move.actor)} {formatNumber(move.from)} → {formatNumber(move.to)}
              </li>
            ))}
          </ul>
        </details>
      ) : null}
      {rounds > 0 ? (
        <details className="small">
          <summary>Every contest of round 1, in words</summary>
          <ul>
            {keyed(explainEumRound(run, 1, { issue: issue.id, limit: 30 })).map(({ key, item: line }) => (
              <li key={key}>{line}</li>
            ))}
          </ul>
        </details>
      ) : null}
    </div>
  );
}

/** Gains are in salience × points of a 0..100 scale (exchange.ts); three significant digits. */
function gainText(gain: number): string {
  return String(Number(gain.toPrecision(3)));
}

export function ExchangeTrades({ row, scenario, names }: { row: ForecastResult; scenario: Scenario; names: Record<string, string> }) {
  const exchanges = detailsOf(row, 'exchange')?.exchanges;
  if (!exchanges) return null;
  const nameOf = (id: string) => names[id] ?? id;
  const issueName = (id: string) => scenario.issues.find((issue) => issue.id === id)?.id ?? id;
  const sorted = [...exchanges].sort((a, b) => a.round - b.round || a.order - b.order);
  return (
    <div className="in-words" data-testid="exchange-trades">
      <h4>exchange: the trades on {row.issue}</h4>
      {sorted.length === 0 ? (
        <p className="muted small">No exchange moves anyone on this issue.</p>
      ) : (
        <table className="trades small">
          <thead>
            <tr>
              <th>round</th>
              <th>who gives</th>
              <th>what</th>
              <th>to whom, in return for</th>
              <th>gain of each</th>
            </tr>
          </thead>
          <tbody>
            {sorted.map((exchange) => {
              const [first, second] = exchange.moves;
              return (
                <tr key={`${exchange.round}:${exchange.order}`}>
                  <td>{exchange.round}</td>
                  <td>{nameOf(first.actor)}</td>
                  <td>
                    {issueName(first.issue)} {formatNumber(first.from)} → {formatNumber(first.to)}
                  </td>
                  <td>
                    {nameOf(second.actor)}: {issueName(second.issue)} {formatNumber(second.from)} → {formatNumber(second.to)}
                  </td>
                  <td>
                    {gainText(exchange.gain)}
                    {exchange.adjusted ? ' (shortened)' : ''}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}

export function SmpInWords({ row, issue, names }: { row: ForecastResult; issue: Issue; names: Record<string, string> }) {
  const details = detailsOf(row, 'smp');
  if (!details || !isFullSmpDetails(details)) return null;
  // The issue's name, as `parley explain --model smp` says it (models/smp/index.ts).
  const lines = explainSmpIssue(details, { issue: issue.name, scale: issue.scale, names });
  return (
    <div className="in-words" data-testid="smp-words">
      <h4>smp in words</h4>
      <ul className="small">
        {keyed(lines).map(({ key, item: line }) => (
          <li key={key}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
