/**
 * A large Monte Carlo run on the server (a sweep): on the team's workers through a Redis
 * queue, or on the server's own threads. It runs the scenario as saved, shows how far it has
 * come (draws done of total, draws per second, the workers taking part) and, when done, the
 * distributions; the run is recorded in History. While it runs, the page says how long it still
 * needs (from the pace of the draws done so far) and *Cancel* stops it on the server.
 */
import { useEffect, useRef, useState } from 'react';
import type { Scenario } from '@parley/core/scenario.js';
import { distributionChart } from '@parley/report/charts.js';
import type { MonteCarloOutputs, SweepState, SweepWhere } from '@parley/server/protocol.js';
import { api, errorText } from '../api.js';
import { timeLeftWords } from '../time-left.js';
import { VegaChart } from './VegaChart.js';

const pollMilliseconds = 500;

export function ServerSweep({
  scenario,
  scenarioId,
  author,
  variant,
}: {
  scenario: Scenario;
  scenarioId: string;
  author: string;
  variant: string | undefined;
}) {
  const [where, setWhere] = useState<SweepWhere | null>();
  const [draws, setDraws] = useState(20000);
  const [seed, setSeed] = useState(1);
  const [state, setState] = useState<SweepState>();
  const [outputs, setOutputs] = useState<MonteCarloOutputs>();
  const [failure, setFailure] = useState<string>();
  const polling = useRef<number | undefined>(undefined);

  useEffect(() => {
    void api.me().then(
      (me) => setWhere(me.sweeps),
      () => setWhere(null),
    );
    return () => window.clearTimeout(polling.current);
  }, []);

  const poll = (id: string) => {
    polling.current = window.setTimeout(async () => {
      try {
        const next = await api.sweep(id);
        setState(next);
        if (next.state === 'running') poll(id);
        else if (next.run) setOutputs((await api.run(next.run)).outputs as MonteCarloOutputs);
      } catch (error) {
        setFailure(errorText(error));
      }
    }, pollMilliseconds);
  };

  const [cancelling, setCancelling] = useState(false);
  const cancel = async () => {
    if (!state) return;
    setCancelling(true);
    try {
      window.clearTimeout(polling.current);
      setState(await api.cancelSweep(state.id));
    } catch (error) {
      setFailure(errorText(error));
      poll(state.id);
    } finally {
      setCancelling(false);
    }
  };

  const start = async () => {
    window.clearTimeout(polling.current);
    setFailure(undefined);
    setOutputs(undefined);
    try {
      const started = await api.startSweep(scenarioId, { draws, seed, author, ...(variant ? { variant } : {}) });
      setState(started);
      poll(started.id);
    } catch (error) {
      setFailure(errorText(error));
    }
  };

  if (!where) return null;
  const running = state?.state === 'running';
  return (
    <section className="panel">
      <div className="panel-head">
        <h2>Large runs {where === 'queue' ? "on the team's workers" : 'on the server'}</h2>
        <label className="small">
          draws <input type="number" min={1} max={1000000} value={draws} onChange={(event) => setDraws(Number(event.target.value))} aria-label="Sweep draws" />
        </label>
        <label className="small">
          seed <input type="number" value={seed} onChange={(event) => setSeed(Number(event.target.value))} aria-label="Sweep seed" />
        </label>
        <button
          type="button"
          className="primary"
          disabled={running || !(draws >= 1 && draws <= 1000000) || !Number.isInteger(seed)}
          onClick={() => void start()}
        >
          Run on {where === 'queue' ? 'the workers' : 'the server'}
        </button>
        {running ? (
          <button type="button" disabled={cancelling} onClick={() => void cancel()}>
            {cancelling ? 'Cancelling…' : 'Cancel the run'}
          </button>
        ) : null}
      </div>
      <p className="muted small">
        Runs {variant ? `variant ${variant} of ` : ''}the scenario as last saved (not unsaved edits){' '}
        {where === 'queue' ? 'on every worker listening to the queue (parley worker)' : "on the server's threads"}; the finished run is recorded in History.
      </p>
      {state ? (
        <div className="sweep-status" role="status">
          <progress max={state.total} value={state.done} aria-label="Sweep progress" />{' '}
          <span>
            {state.state === 'done' ? 'Done: ' : state.state === 'failed' ? 'Failed after ' : state.state === 'cancelled' ? 'Cancelled after ' : ''}
            {state.done.toLocaleString('en')} of {state.total.toLocaleString('en')} draws · {state.drawsPerSecond.toLocaleString('en')} draws/s ·{' '}
            {state.workers.length} worker{state.workers.length === 1 ? '' : 's'}
            {state.workers.length ? `: ${state.workers.join(', ')}` : ''}
            {running ? <span className="time-left"> · {timeLeftWords(state)}</span> : null}
          </span>
        </div>
      ) : null}
      {state?.state === 'cancelled' ? <p className="muted small">Cancelled: the server stopped its draws and recorded nothing.</p> : null}
      {state?.error ? <p className="error">{state.error}</p> : null}
      {failure ? <p className="error">{failure}</p> : null}
      {outputs ? (
        <div className="issue-cards">
          {scenario.issues.map((issue) => {
            const rows = outputs.results.filter((row) => row.issue === issue.id);
            return rows.length ? (
              <VegaChart key={issue.id} spec={distributionChart(issue, rows, { width: 400 })} label={`Sweep distribution on ${issue.id}`} />
            ) : null;
          })}
        </div>
      ) : null}
    </section>
  );
}
