/**
 * What-ifs: a variant is the base scenario with some cells changed. Pick or create one,
 * change cells in its grid (each change is recorded against the base), and see the base
 * and the variant forecast side by side.
 */
import { useMemo, useState } from 'react';
import { applyVariant } from '@parley/core/resolve.js';
import type { Scenario, Variant } from '@parley/core/scenario.js';
import { changeText, cloned, setVariantValue, slug, uniqueId } from '../edit.js';
import { CompareTable } from './CompareView.js';
import type { ScenarioEditor } from '../editor.js';
import { problemsByPlace } from '../problems.js';
import { navigate, type Route } from '../route.js';
import { analysisClients, useAnalysis } from '../worker/client.js';
import type { Selection } from '../selection.js';
import { Grid } from './Grid.js';
import { Inspector } from './Inspector.js';
import type { Editing } from '../editing.js';
import { keyed } from '../keys.js';

export function VariantsPanel({
  editor,
  variantId,
  route,
}: {
  editor: ScenarioEditor;
  variantId: string | undefined;
  route: Extract<Route, { page: 'scenario' }>;
}) {
  const { scenario } = editor.draft!;
  const [pending, setPending] = useState<{ id: string; description?: string }>();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [selection, setSelection] = useState<Selection>();
  const variants = scenario.variants ?? [];
  const saved = variants.find((variant) => variant.id === variantId);
  const current: Variant | undefined =
    saved ??
    (pending && pending.id === variantId ? { id: pending.id, ...(pending.description ? { description: pending.description } : {}), changes: [] } : undefined);
  const open = (id: string | undefined) => navigate({ page: 'scenario', id: route.id, tab: 'variants', ...(id ? { variant: id } : {}) });

  const create = () => {
    const id = uniqueId(
      slug(name) || 'variant',
      variants.map((variant) => variant.id),
    );
    setPending({ id, ...(description.trim() ? { description: description.trim() } : {}) });
    setName('');
    setDescription('');
    open(id);
  };

  return (
    <div className="variants">
      <aside className="panel variant-list">
        <h2>Variants</h2>
        <ul>
          {variants.map((variant) => (
            <li key={variant.id}>
              <button type="button" className={variant.id === variantId ? 'variant-link active' : 'variant-link'} onClick={() => open(variant.id)}>
                <b>{variant.id}</b>
                <span className="muted small">
                  {variant.changes.length} change{variant.changes.length === 1 ? '' : 's'}
                </span>
              </button>
            </li>
          ))}
          {pending && !saved && pending.id === variantId ? (
            <li>
              <span className="variant-link active">
                <b>{pending.id}</b> <span className="muted small">new: change a cell</span>
              </span>
            </li>
          ) : null}
        </ul>
        <form
          className="new-variant"
          onSubmit={(event) => {
            event.preventDefault();
            if (name.trim()) create();
          }}
        >
          <h3>New variant</h3>
          <input value={name} onChange={(event) => setName(event.target.value)} placeholder="name, e.g. us-walks-away" aria-label="New variant name" />
          <input value={description} onChange={(event) => setDescription(event.target.value)} placeholder="what if…" aria-label="New variant description" />
          <button type="submit" disabled={!name.trim()}>
            Create variant
          </button>
        </form>
      </aside>
      {current ? (
        <VariantView
          key={current.id}
          editor={editor}
          scenario={scenario}
          variant={current}
          selection={selection}
          onSelect={setSelection}
          onRemove={() => {
            editor.edit((base) =>
              cloned(base, (draft) => {
                draft.variants = (draft.variants ?? []).filter((variant) => variant.id !== current.id);
                if (draft.variants.length === 0) delete draft.variants;
              }),
            );
            setPending(undefined);
            open(undefined);
          }}
        />
      ) : (
        <section className="panel">
          <p className="muted">Pick a variant, or create one: then change cells of its grid, and compare its forecast with the base.</p>
        </section>
      )}
    </div>
  );
}

function VariantView({
  editor,
  scenario,
  variant,
  selection,
  onSelect,
  onRemove,
}: {
  editor: ScenarioEditor;
  scenario: Scenario;
  variant: Variant;
  selection: Selection | undefined;
  onSelect: (selection: Selection | undefined) => void;
  onRemove: () => void;
}) {
  const { live } = analysisClients();
  const inScenario = (scenario.variants ?? []).some((candidate) => candidate.id === variant.id);
  const shown = useMemo(() => {
    if (!inScenario) return scenario;
    try {
      return applyVariant(scenario, variant.id);
    } catch {
      return scenario;
    }
  }, [scenario, variant.id, inScenario]);
  const problems = useMemo(() => problemsByPlace(scenario, editor.problems), [scenario, editor.problems]);
  const meta = { id: variant.id, ...(variant.description ? { description: variant.description } : {}) };
  const editing: Editing = {
    scenario: shown,
    setStance: (actor, issue, field, value) => editor.edit((base) => setVariantValue(base, meta, { actor, issue, field }, value)),
    setCapability: (actor, value) => editor.edit((base) => setVariantValue(base, meta, { actor, field: 'capability' }, value)),
    setActive: (actor, active) => editor.edit((base) => setVariantValue(base, meta, { actor, field: 'active' }, active)),
    setStatusQuo: (issue, value) => editor.edit((base) => setVariantValue(base, meta, { issue, field: 'statusQuo' }, value)),
  };
  const valid = editor.problems.length === 0;
  const request = useMemo(
    () => (valid && inScenario ? { kind: 'compare' as const, scenario, variants: [variant.id] } : null),
    [valid, inScenario, scenario, variant.id],
  );
  const comparison = useAnalysis<'compare'>(live, request, 250);
  const variantProblems = problems.get(`variant:${variant.id}`);

  return (
    <div className="variant-view">
      <section className="panel">
        <div className="panel-head">
          <h2>
            Variant <span className="variant-id">{variant.id}</span>
          </h2>
          {variant.description ? <span className="muted">{variant.description}</span> : null}
          <button type="button" className="danger" onClick={() => window.confirm(`Remove variant ${variant.id}?`) && onRemove()}>
            Remove variant
          </button>
        </div>
        {variantProblems ? (
          <ul className="problems">
            {keyed(variantProblems).map(({ key, item: message }) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        ) : null}
        <h3>Changes from the base</h3>
        {variant.changes.length === 0 ? <p className="muted">None yet: click a cell below and change its value.</p> : null}
        <ul className="changes">
          {keyed(variant.changes, (change) => `${change.actor ?? ''}/${change.issue ?? ''}`).map(({ key, item: change }, index) => (
            <li key={key}>
              {changeText(scenario, change)}{' '}
              <button
                type="button"
                className="link danger"
                onClick={() =>
                  editor.edit((base) =>
                    cloned(base, (draft) => {
                      const target = draft.variants?.find((candidate) => candidate.id === variant.id);
                      if (!target) return;
                      target.changes = target.changes.filter((_, at) => at !== index);
                      if (target.changes.length === 0) draft.variants = draft.variants!.filter((candidate) => candidate !== target);
                      if (draft.variants?.length === 0) delete draft.variants;
                    }),
                  )
                }
              >
                undo this change
              </button>
            </li>
          ))}
        </ul>
      </section>
      <section className="panel comparison" aria-label="Base and variant side by side">
        <div className="panel-head">
          <h2>Base and {variant.id} side by side</h2>
          <span className="muted small">{comparison.running ? 'updating…' : ''}</span>
        </div>
        {!inScenario ? <p className="muted">Change a cell to see the comparison.</p> : null}
        {comparison.error ? <p className="error">{comparison.error}</p> : null}
        {comparison.result && inScenario ? <CompareTable scenario={scenario} result={comparison.result} /> : null}
      </section>
      <div className="variant-edit">
        <Grid
          scenario={shown}
          problems={problems}
          selection={selection}
          onCell={(actor, issue) => onSelect({ kind: 'cell', actor, issue })}
          onActor={(actor) => onSelect({ kind: 'actor', actor })}
          onIssue={(issue) => onSelect({ kind: 'issue', issue })}
          variant={variant}
        />
        <Inspector selection={selection} editing={editing} problems={problems} />
      </div>
    </div>
  );
}
