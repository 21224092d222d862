/**
 * An open scenario: the save line, the tabs, and the panels. The live forecast is computed
 * here (in the worker) so every panel shows the same one.
 */
import { useMemo, useState } from 'react';
import { problemsOf, useScenarioEditor, type SaveStatus } from '../editor.js';
import { navigate, type Route, type Tab } from '../route.js';
import { useScenarioAnalyses } from '../analyses.js';
import { analysisClients, useAnalysisPostedEarly } from '../worker/client.js';
import { useStableCallback } from '../stable-callback.js';
import type { Scenario } from '@parley/core/scenario.js';
import type { Passage, Selection } from '../selection.js';
import { BuildPanel } from './BuildPanel.js';
import { ForecastPanel } from './ForecastPanel.js';
import { HistoryPanel } from './HistoryPanel.js';
import { VariantsPanel } from './VariantsPanel.js';
import { when } from './format.js';
import { FieldContext } from '../fields.js';
import { IdField } from './inputs.js';

const tabLabels: Record<Tab, string> = { build: 'Sources & grid', forecast: 'Forecast', variants: 'Variants', history: 'History' };

/**
 * The live forecast's request: of the chosen variant on the Forecast tab, of the base
 * everywhere else; null while the scenario has problems. Only the Forecast tab shows the
 * models' reasoning; elsewhere the forecasts alone are asked for (the same numbers, golden
 * tests in src/core/models/__golden__), which the models compute in about half the time and
 * the worker sends in a message about a fortieth the size.
 */
function liveForecastRequest(valid: Scenario | undefined, tab: Tab, chosen: string | undefined) {
  if (!valid) return null;
  const variant = tab === 'forecast' && chosen !== undefined && (valid.variants ?? []).some((entry) => entry.id === chosen) ? chosen : undefined;
  return {
    kind: 'forecast' as const,
    scenario: valid,
    detail: tab === 'forecast' ? ('full' as const) : ('forecast' as const),
    ...(variant ? { variant } : {}),
  };
}

export function ScenarioView({ route, author }: { route: Extract<Route, { page: 'scenario' }>; author: string }) {
  // Each edit posts its forecast from the edit itself (the worker computes while the page
  // draws the edit); the request the render then makes asks the same and is not posted again.
  const postEdited = useStableCallback((edited: Scenario) => {
    const request = liveForecastRequest(problemsOf(edited).length === 0 ? edited : undefined, route.tab, forecastVariant);
    if (request) postForecast(request);
  });
  const editor = useScenarioEditor(route.id, author, postEdited);
  const [selection, setSelection] = useState<Selection>();
  const [passage, setPassage] = useState<Passage>();
  const [source, setSource] = useState<string>();
  const { live } = analysisClients();

  const valid = editor.draft && editor.problems.length === 0 ? editor.draft.scenario : undefined;
  const [forecastVariant, setForecastVariant] = useState<string>();
  const variant = forecastVariant !== undefined && (valid?.variants ?? []).some((entry) => entry.id === forecastVariant) ? forecastVariant : undefined;
  const forecastRequest = useMemo(() => liveForecastRequest(valid, route.tab, forecastVariant), [valid, route.tab, forecastVariant]);
  // Posted at once: the worker keeps only the newest waiting request, so a dragged slider
  // never queues stale forecasts, and a single step shows its forecast without a pause.
  const [forecast, postForecast] = useAnalysisPostedEarly<'forecast'>(live, forecastRequest, 0);
  const analyses = useScenarioAnalyses();

  if (!editor.draft || !editor.stored) {
    return (
      <main className="page">
        <p className={editor.status.kind === 'failed' ? 'error' : 'muted'}>{editor.status.kind === 'failed' ? editor.status.message : 'Loading…'}</p>
        <a href="#/">Back to the scenarios</a>
      </main>
    );
  }
  const { scenario } = editor.draft;

  return (
    <FieldContext.Provider value={editor.fields}>
      <main className="scenario-page">
        <div className="scenario-head">
          <div className="scenario-name">
            <a href="#/" className="muted small">
              Scenarios
            </a>
            <h1>{scenario.title}</h1>
            <details className="scenario-details">
              <summary className="small">Title and id</summary>
              <label className="block small">
                Scenario title
                <input
                  value={scenario.title}
                  aria-label="Scenario title"
                  onChange={(event) => {
                    const title = event.target.value;
                    editor.edit((current) => ({ ...current, title }));
                  }}
                />
              </label>
              <label className="block small">
                Scenario id <IdField value={scenario.id} taken={[]} onRename={(id) => editor.edit((current) => ({ ...current, id }))} label="Scenario id" />
              </label>
            </details>
          </div>
          <div className="tabs" role="tablist" aria-label="Views of the scenario">
            {(Object.keys(tabLabels) as Tab[]).map((tab) => (
              <button
                key={tab}
                type="button"
                role="tab"
                aria-selected={route.tab === tab}
                className={route.tab === tab ? 'tab active' : 'tab'}
                onClick={() => navigate({ page: 'scenario', id: route.id, tab })}
              >
                {tabLabels[tab]}
              </button>
            ))}
          </div>
          <div className="save-line">
            <SaveLine status={editor.status} version={editor.stored.version} at={editor.stored.updatedAt} by={editor.stored.updatedBy} />
            <button
              type="button"
              disabled={editor.undoTarget === undefined}
              title={editor.undoTarget === undefined ? 'nothing to undo' : `go back to version ${editor.undoTarget}`}
              onClick={() => editor.undoTarget !== undefined && void editor.restore(editor.undoTarget)}
            >
              Undo
            </button>
            {editor.status.kind === 'conflict' ? (
              <button type="button" onClick={() => void editor.reload()}>
                Load the newest version
              </button>
            ) : null}
          </div>
        </div>
        {editor.notice ? (
          <p className="notice" role="status">
            {editor.notice}{' '}
            <button type="button" className="link" onClick={editor.dismissNotice}>
              dismiss
            </button>
          </p>
        ) : null}
        {route.tab === 'build' ? (
          <BuildPanel
            editor={editor}
            forecast={forecast}
            selection={selection}
            onSelect={setSelection}
            passage={passage}
            onPassage={setPassage}
            source={source}
            onSource={setSource}
          />
        ) : null}
        {route.tab === 'forecast' ? (
          <ForecastPanel
            scenario={scenario}
            valid={valid}
            forecast={forecast}
            variant={variant}
            onVariant={setForecastVariant}
            analyses={analyses}
            version={editor.stored.version}
            scenarioId={route.id}
            workspaceId={editor.stored.workspaceId}
            author={author}
            onAddVariant={(added) => editor.edit((current) => ({ ...current, variants: [...(current.variants ?? []), added] }))}
          />
        ) : null}
        {route.tab === 'variants' ? <VariantsPanel editor={editor} variantId={route.variant} route={route} /> : null}
        {route.tab === 'history' ? <HistoryPanel editor={editor} scenarioId={route.id} /> : null}
      </main>
    </FieldContext.Provider>
  );
}

function SaveLine({ status, version, at, by }: { status: SaveStatus; version: number; at: string; by: string }) {
  const saved = `Version ${version}, saved ${when(at)} by ${by}`;
  switch (status.kind) {
    case 'loading':
      return <span className="status muted">Loading…</span>;
    case 'saved':
      return (
        <span className="status ok" data-testid="save-status">
          {saved}
        </span>
      );
    case 'waiting':
    case 'saving':
      return (
        <span className="status muted" data-testid="save-status">
          Saving…
        </span>
      );
    case 'invalid':
      return (
        <span className="status warn" data-testid="save-status">
          Not saved: {status.count} problem{status.count === 1 ? '' : 's'} to fix (marked in red)
        </span>
      );
    case 'unparsed':
      return (
        <span className="status warn" data-testid="save-status">
          Not saved: {status.fields.join(', ')} {status.fields.length === 1 ? 'holds' : 'hold'} text that is not a value (see the message on the field)
        </span>
      );
    case 'conflict':
      return (
        <span className="status error" data-testid="save-status">
          Not saved: {status.message}
        </span>
      );
    case 'failed':
      return (
        <span className="status error" data-testid="save-status">
          Not saved: {status.message}
        </span>
      );
  }
}
