/**
 * As-of discipline: a forecast "as of" a date may rest only on what was public by that
 * date. A scenario with `asOf` is checked for evidence that cites a source dated after it,
 * and for cited sources with no date (which cannot be checked). These are warnings, not
 * validation problems: the file is well formed, but its claim to be a forecast without
 * hindsight does not hold. `parley validate --strict` treats them as errors.
 *
 * Pure: no I/O. Locating the warnings in a file is `src/io`'s job.
 */
import type { Problem } from './problems.js';
import type { Evidence, Scenario } from './scenario.js';

/**
 * Every citation of a source dated after `scenario.asOf` (code `source-after-as-of`, one per
 * evidence entry, at its `source` field) and every cited source without a `date` (code
 * `source-undated`, one per source, at its entry). Nothing when the scenario has no `asOf`.
 * Dates are compared as ISO `YYYY-MM-DD` text, which orders them as calendar dates.
 *
 * @example asOfWarnings({ ...scenario, asOf: '2024-11-21', sources: [{ id: 'nbc', date: '2024-12-08' }] })[0].message
 * // 'cites source "nbc" dated 2024-12-08, after the scenario\'s asOf 2024-11-21'
 */
export function asOfWarnings(scenario: Scenario): Problem[] {
  const asOf = scenario.asOf;
  if (asOf === undefined) return [];
  const sources = scenario.sources ?? [];
  const dateOf = new Map(sources.map((source) => [source.id, source.date]));
  const cited = new Set<string>();
  const warnings: Problem[] = [];

  const check = (evidence: readonly Evidence[] | undefined, path: (string | number)[]) => {
    (evidence ?? []).forEach((entry, index) => {
      cited.add(entry.source);
      const date = dateOf.get(entry.source);
      if (date === undefined || date <= asOf) return;
      warnings.push({
        code: 'source-after-as-of',
        path: [...path, 'evidence', index, 'source'],
        message: `cites source "${entry.source}" dated ${date}, after the scenario's asOf ${asOf}`,
        hint: `cite what was public by ${asOf}, or move asOf to ${date} or later`,
      });
    });
  };
  scenario.actors.forEach((actor, actorIndex) => {
    check(actor.evidence, ['actors', actorIndex]);
    for (const [issueId, stance] of Object.entries(actor.stances)) check(stance.evidence, ['actors', actorIndex, 'stances', issueId]);
  });

  sources.forEach((source, index) => {
    if (source.date !== undefined || !cited.has(source.id)) return;
    warnings.push({
      code: 'source-undated',
      path: ['sources', index],
      message: `source "${source.id}" is cited but has no date, so it cannot be checked against asOf ${asOf}`,
      hint: 'add `date: YYYY-MM-DD` (the day it was published or the statement made)',
    });
  });
  return warnings;
}
