/**
 * The analyses of one open scenario, owned by the scenario's view rather than by a tab, so a
 * 20-second Monte Carlo run keeps running — and its result stays — when the analyst looks at
 * another tab. Each finished run is kept per variant with the scenario version it ran on;
 * the Forecast tab shows the newest for the chosen variant and says when the scenario has
 * changed since.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Scenario } from '@parley/core/scenario.js';
import { analysisClients, useAnalysis, type AnalysisState } from './worker/client.js';
import type { AnalysisResults } from './worker/protocol.js';

export type HeavyKind = 'monte-carlo' | 'sensitivity';

export interface KeptRun<K extends HeavyKind> {
  kind: K;
  /** Undefined: the base scenario. */
  variant: string | undefined;
  /** The saved version the scenario was at when the run was asked for. */
  version: number;
  /** The scenario it ran on (by identity: any edit since makes a new object). */
  scenario: Scenario;
  draws?: number;
  seed?: number;
  /** How long the page's worker took to compute it. */
  milliseconds?: number;
  result: AnalysisResults[K];
}

export interface ScenarioAnalyses {
  monteCarlo: AnalysisState<'monte-carlo'>;
  tornado: AnalysisState<'sensitivity'>;
  /** The variant a running request is for. */
  runningVariant: { 'monte-carlo'?: string | undefined; sensitivity?: string | undefined };
  runMonteCarlo(scenario: Scenario, variant: string | undefined, draws: number, seed: number, version: number): void;
  runTornado(scenario: Scenario, variant: string | undefined, version: number): void;
  /** The newest kept run of this kind on this variant. */
  kept<K extends HeavyKind>(kind: K, variant: string | undefined): KeptRun<K> | undefined;
}

const keyOf = (kind: HeavyKind, variant: string | undefined) => `${kind}|${variant ?? ''}`;

export function useScenarioAnalyses(): ScenarioAnalyses {
  const { heavy } = analysisClients();
  const [monteCarloRequest, setMonteCarloRequest] = useState<{
    kind: 'monte-carlo';
    scenario: Scenario;
    draws: number;
    seed: number;
    variant?: string;
    version: number;
  } | null>(null);
  const [tornadoRequest, setTornadoRequest] = useState<{ kind: 'sensitivity'; scenario: Scenario; variant?: string; version: number } | null>(null);
  const monteCarlo = useAnalysis<'monte-carlo'>(heavy, monteCarloRequest, 0);
  const tornado = useAnalysis<'sensitivity'>(heavy, tornadoRequest, 0);
  const [kept, setKept] = useState<ReadonlyMap<string, KeptRun<HeavyKind>>>(new Map());

  const keep = useCallback((run: KeptRun<HeavyKind>) => setKept((current) => new Map(current).set(keyOf(run.kind, run.variant), run)), []);

  useEffect(() => {
    const asked = monteCarlo.answered as (typeof monteCarloRequest & object) | undefined;
    if (!monteCarlo.result || !asked) return;
    keep({
      kind: 'monte-carlo',
      variant: asked.variant,
      version: asked.version,
      scenario: asked.scenario,
      draws: asked.draws,
      seed: asked.seed,
      ...(monteCarlo.milliseconds === undefined ? {} : { milliseconds: monteCarlo.milliseconds }),
      result: monteCarlo.result,
    });
  }, [monteCarlo.result, monteCarlo.answered, monteCarlo.milliseconds, keep]);

  useEffect(() => {
    const asked = tornado.answered as (typeof tornadoRequest & object) | undefined;
    if (!tornado.result || !asked) return;
    keep({ kind: 'sensitivity', variant: asked.variant, version: asked.version, scenario: asked.scenario, result: tornado.result });
  }, [tornado.result, tornado.answered, keep]);

  return useMemo(
    () => ({
      monteCarlo,
      tornado,
      runningVariant: { 'monte-carlo': monteCarloRequest?.variant, sensitivity: tornadoRequest?.variant },
      runMonteCarlo: (scenario, variant, draws, seed, version) =>
        setMonteCarloRequest({ kind: 'monte-carlo', scenario, draws, seed, version, ...(variant ? { variant } : {}) }),
      runTornado: (scenario, variant, version) => setTornadoRequest({ kind: 'sensitivity', scenario, version, ...(variant ? { variant } : {}) }),
      kept: <K extends HeavyKind>(kind: K, variant: string | undefined) => kept.get(keyOf(kind, variant)) as KeptRun<K> | undefined,
    }),
    [monteCarlo, tornado, monteCarloRequest, tornadoRequest, kept],
  );
}
