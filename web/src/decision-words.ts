/** Who decides an issue, in words, for the inspector. */
import type { Scenario } from '@parley/core/scenario.js';

/**
 * What decides an issue without a rule of its own: the scenario's default decision, or
 * without one a majority of all actors taking part.
 *
 * @example defaultRuleText({ ...scenario, decision: { rule: 'unanimity', by: ['eu', 'us'] } }) // "the scenario's default (unanimity of eu, us)"
 */
export function defaultRuleText(scenario: Pick<Scenario, 'decision'>): string {
  return scenario.decision
    ? `the scenario's default (${scenario.decision.rule}${scenario.decision.by ? ` of ${scenario.decision.by.join(', ')}` : ''})`
    : 'not given: a majority of all actors taking part (the default)';
}
