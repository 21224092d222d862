/**
 * One open scenario: the draft being edited, saved to the server a moment after each change
 * (only when it is valid — an invalid draft stays on the page with its problems shown),
 * every save a new version. Undo restores the version before.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Problem } from '@parley/core/problems.js';
import type { Scenario } from '@parley/core/scenario.js';
import { validateScenario } from '@parley/core/validate.js';
import type { StoredScenario } from '@parley/server/protocol.js';
import { api, ApiRequestError, errorText, retryMilliseconds, ServerGoneError } from './api.js';
import type { FieldRegistry } from './fields.js';

export type SaveStatus =
  | { kind: 'loading' }
  | { kind: 'saved' }
  | { kind: 'waiting' }
  | { kind: 'saving' }
  | { kind: 'invalid'; count: number }
  /** Fields hold text that is not a value (their labels): nothing is saved until it is fixed. */
  | { kind: 'unparsed'; fields: string[] }
  | { kind: 'conflict'; message: string }
  | { kind: 'failed'; message: string };

export interface Draft {
  scenario: Scenario;
  texts: Record<string, string>;
}

export interface ScenarioEditor {
  stored?: StoredScenario;
  draft?: Draft;
  problems: Problem[];
  status: SaveStatus;
  /** Applies an edit to the scenario; `texts` sets (or with null removes) source texts. */
  edit(change: (scenario: Scenario) => Scenario, texts?: Record<string, string | null>): void;
  /** Saves the current content as a new version with this summary (a named version); throws when refused. */
  saveNamed(summary: string): Promise<void>;
  /** Goes back to a version (a new version with its content). */
  restore(version: number): Promise<void>;
  /** The version Undo goes back to, if any. */
  undoTarget?: number;
  reload(): Promise<void>;
  /** Where number fields report text that is not a number (see fields.ts). */
  fields: FieldRegistry;
  /** Said once, e.g. that a field's unparsed text was not kept when it closed. */
  notice?: string;
  dismissNotice(): void;
}

/** How long after the last change a save starts. */
const saveDelay = 600;
/**
 * How long a change of one value (a slider dragged, a number nudged with the arrow keys)
 * waits for the next change of it before it is saved: a run of such edits is one version.
 */
const oneValueDelay = 2000;

/**
 * How many values differ between two scenarios (leaf values of the JSON tree, a key present
 * on one side only counting once), counting up to `limit`: whether an edit changed one value.
 */
export function changedValues(before: unknown, after: unknown, limit: number): number {
  if (Object.is(before, after)) return 0;
  const isTree = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
  if (!isTree(before) || !isTree(after) || Array.isArray(before) !== Array.isArray(after)) return 1;
  let count = 0;
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    count += changedValues(before[key], after[key], limit - count);
    if (count >= limit) return count;
  }
  return count;
}

/** Each scenario's problems by identity: an edit's result is validated once, by `edit` before the page draws it. */
const validated = new WeakMap<Scenario, Problem[]>();

/** The scenario's problems (validateScenario), computed once for each scenario object. */
export function problemsOf(scenario: Scenario): Problem[] {
  let problems = validated.get(scenario);
  if (problems === undefined) {
    problems = validateScenario(scenario).problems;
    validated.set(scenario, problems);
  }
  return problems;
}

/**
 * `onEdit` hears each edited scenario from the edit itself, before the page draws it (the
 * live forecast is posted from there, so the worker computes while the page draws).
 */
export function useScenarioEditor(id: string, author: string, onEdit?: (scenario: Scenario) => void): ScenarioEditor {
  const [stored, setStored] = useState<StoredScenario>();
  const [draft, setDraft] = useState<Draft>();
  /** The newest draft, ahead of the render that shows it: edits in one event build on each other. */
  const newest = useRef<Draft | undefined>(undefined);
  const heard = useRef(onEdit);
  heard.current = onEdit;
  const [status, setStatus] = useState<SaveStatus>({ kind: 'loading' });
  const savedScenario = useRef<Scenario | undefined>(undefined);
  /** The saved scenario as JSON: an edit that comes back to it (typed, then undone by hand) is not a new version. */
  const savedJson = useRef('');
  const pendingTexts = useRef<Record<string, string | null>>({});
  const saving = useRef(false);
  const latest = useRef({ stored, draft, author });
  latest.current = { stored, draft, author };

  const adopt = useCallback((scenario: StoredScenario) => {
    setStored(scenario);
    newest.current = { scenario: scenario.document.scenario, texts: scenario.document.texts };
    setDraft(newest.current);
    savedScenario.current = scenario.document.scenario;
    savedJson.current = JSON.stringify(scenario.document.scenario);
    pendingTexts.current = {};
    setStatus({ kind: 'saved' });
  }, []);

  const alive = useRef(true);
  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  const reload = useCallback(async () => {
    setStatus({ kind: 'loading' });
    for (;;) {
      try {
        adopt(await api.scenario(id));
        return;
      } catch (error) {
        setStatus({ kind: 'failed', message: errorText(error) });
        if (!(error instanceof ServerGoneError) || !alive.current) return;
        await new Promise((resolve) => window.setTimeout(resolve, retryMilliseconds));
        if (!alive.current) return;
      }
    }
  }, [id, adopt]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const [unparsed, setUnparsed] = useState<ReadonlyMap<string, { label: string; message: string }>>(new Map());
  const [notice, setNotice] = useState<string>();
  const unparsedNow = useRef(unparsed);
  unparsedNow.current = unparsed;
  const fields = useMemo<FieldRegistry>(
    () => ({
      report: (field, label, message) =>
        setUnparsed((current) => {
          if (message === undefined ? !current.has(field) : current.get(field)?.message === message) return current;
          const next = new Map(current);
          if (message === undefined) next.delete(field);
          else next.set(field, { label, message });
          return next;
        }),
      leave: (field) => {
        const left = unparsedNow.current.get(field);
        if (!left) return;
        setNotice(`${left.label} was closed holding text it could not take (${left.message}): that text was not kept, and the field shows its value again.`);
        setUnparsed((current) => {
          const next = new Map(current);
          next.delete(field);
          return next;
        });
      },
    }),
    [],
  );

  const scenario = draft?.scenario;
  const problems = useMemo(() => (scenario ? problemsOf(scenario) : []), [scenario]);

  const save = useCallback(async (): Promise<void> => {
    const { stored: base, draft: current, author: who } = latest.current;
    if (saving.current || !base || !current) return;
    const texts = { ...pendingTexts.current };
    const sending = current.scenario;
    const sendingJson = JSON.stringify(sending);
    if ((sending === savedScenario.current || sendingJson === savedJson.current) && Object.keys(texts).length === 0) {
      savedScenario.current = sending;
      setStatus({ kind: 'saved' });
      return;
    }
    saving.current = true;
    setStatus({ kind: 'saving' });
    try {
      const saved = await api.save(id, {
        baseVersion: base.version,
        scenario: sending,
        author: who,
        ...(Object.keys(texts).length > 0 ? { texts } : {}),
      });
      savedScenario.current = sending;
      savedJson.current = sendingJson;
      for (const [source, text] of Object.entries(texts)) if (pendingTexts.current[source] === text) delete pendingTexts.current[source];
      setStored(saved);
      const changedMeanwhile = latest.current.draft?.scenario !== sending || Object.keys(pendingTexts.current).length > 0;
      setStatus({ kind: changedMeanwhile ? 'waiting' : 'saved' });
    } catch (error) {
      if (error instanceof ApiRequestError && error.status === 409) setStatus({ kind: 'conflict', message: error.body.message });
      else setStatus({ kind: 'failed', message: errorText(error) });
      // The draft stays on the page; a server that went away is tried again until it answers.
      if (error instanceof ServerGoneError) retry.current = window.setTimeout(() => void saveRef.current(), retryMilliseconds);
    } finally {
      saving.current = false;
    }
  }, [id]);
  const saveRef = useRef(save);
  saveRef.current = save;
  const retry = useRef<number | undefined>(undefined);
  useEffect(() => () => window.clearTimeout(retry.current), []);

  // Save a moment after the last change, when the draft is valid.
  useEffect(() => {
    if (!draft || !stored) return undefined;
    const unsaved = draft.scenario !== savedScenario.current || Object.keys(pendingTexts.current).length > 0;
    if (unparsed.size > 0) {
      setStatus({ kind: 'unparsed', fields: [...new Set([...unparsed.values()].map((entry) => entry.label))] });
      return undefined;
    }
    if (!unsaved) {
      setStatus((previous) => (previous.kind === 'unparsed' ? { kind: 'saved' } : previous));
      return undefined;
    }
    if (problems.length > 0) {
      setStatus({ kind: 'invalid', count: problems.length });
      return undefined;
    }
    setStatus((previous) => (previous.kind === 'conflict' ? previous : { kind: 'waiting' }));
    const oneValue =
      savedScenario.current !== undefined && Object.keys(pendingTexts.current).length === 0 && changedValues(savedScenario.current, draft.scenario, 2) === 1;
    const timer = setTimeout(() => void save(), oneValue ? oneValueDelay : saveDelay);
    return () => clearTimeout(timer);
  }, [draft, stored, problems, save, unparsed]);

  // Warn before leaving with unsaved changes.
  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      const current = latest.current.draft;
      if (current && (current.scenario !== savedScenario.current || Object.keys(pendingTexts.current).length > 0)) event.preventDefault();
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, []);

  const edit = useCallback((change: (scenario: Scenario) => Scenario, texts?: Record<string, string | null>) => {
    if (texts) Object.assign(pendingTexts.current, texts);
    const current = newest.current;
    if (!current) return;
    // Texts untouched keep their identity: what shows only them is not drawn again.
    let nextTexts = current.texts;
    if (texts) {
      nextTexts = { ...current.texts };
      for (const [source, text] of Object.entries(texts)) {
        if (text === null) delete nextTexts[source];
        else nextTexts[source] = text;
      }
    }
    const next = { scenario: change(current.scenario), texts: nextTexts };
    newest.current = next;
    setDraft(next);
    if (next.scenario !== current.scenario) heard.current?.(next.scenario);
  }, []);

  const saveNamed = useCallback(
    async (summary: string) => {
      const { stored: base, author: who } = latest.current;
      if (!base || !savedScenario.current) return;
      adopt(await api.save(id, { baseVersion: base.version, scenario: savedScenario.current, author: who, summary }));
    },
    [id, adopt],
  );

  const restore = useCallback(
    async (version: number) => {
      const base = latest.current.stored;
      if (!base) return;
      setStatus({ kind: 'saving' });
      try {
        adopt(await api.restore(id, { version, author: latest.current.author, baseVersion: base.version }));
      } catch (error) {
        if (error instanceof ApiRequestError && error.status === 409) setStatus({ kind: 'conflict', message: error.body.message });
        else setStatus({ kind: 'failed', message: errorText(error) });
      }
    },
    [id, adopt],
  );

  // Undo walks back: after restoring version k, the next undo goes to k − 1.
  const from = stored ? (stored.shown.restoredFrom ?? stored.version) : 0;
  const undoTarget = from > 1 ? from - 1 : undefined;

  return {
    ...(stored ? { stored } : {}),
    ...(draft ? { draft } : {}),
    problems,
    status,
    edit,
    restore,
    saveNamed,
    ...(undoTarget === undefined ? {} : { undoTarget }),
    reload,
    fields,
    ...(notice ? { notice } : {}),
    dismissNotice: () => setNotice(undefined),
  };
}
