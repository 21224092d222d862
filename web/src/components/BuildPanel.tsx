/**
 * Where a scenario is built from its sources: the source text on one side, the actor ×
 * issue grid on the other, the cell being edited and the live forecast below the grid.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Evidence, Source } from '@parley/core/scenario.js';
import { addActor, addEvidence, addIssue, removeSource } from '../edit.js';
import type { ScenarioEditor } from '../editor.js';
import { problemsByPlace } from '../problems.js';
import type { AnalysisState } from '../worker/client.js';
import { Grid } from './Grid.js';
import { Inspector } from './Inspector.js';
import { baseEditing } from '../editing.js';
import { LiveForecast } from './LiveForecast.js';
import { SourcesPanel } from './SourcesPanel.js';
import { maxQuoteWords, withSource } from '../sources.js';
import { type Citation, wordCount } from '../highlight.js';
import { useStableCallback } from '../stable-callback.js';
import type { Passage, Selection } from '../selection.js';
import { keyed } from '../keys.js';
import { gridFitsBesideSources } from '../build-layout.js';

export interface BuildProps {
  editor: ScenarioEditor;
  forecast: AnalysisState<'forecast'>;
  selection: Selection | undefined;
  onSelect: (selection: Selection | undefined) => void;
  passage: Passage | undefined;
  onPassage: (passage: Passage | undefined) => void;
  source: string | undefined;
  onSource: (source: string) => void;
}

/** Where the page remembers, for this browser tab's session, that the sources are hidden. */
const sourcesHiddenKey = 'parley.sources-hidden';

export function BuildPanel({ editor, forecast, selection, onSelect, passage, onPassage, source, onSource }: BuildProps) {
  const draft = editor.draft!;
  const { scenario } = draft;
  const problems = useMemo(() => problemsByPlace(scenario, editor.problems), [scenario, editor.problems]);
  const editing = useMemo(() => baseEditing(scenario, editor.edit, onSelect), [scenario, editor.edit, onSelect]);
  const [notice, setNotice] = useState<string>();
  const [revealEvidence, setRevealEvidence] = useState(0);
  const otherProblems = problems.get('other') ?? [];
  // Hidden, the sources give their width to the grid (twelve issues fit at 1280 px).
  const [sourcesHidden, setSourcesHidden] = useState(() => window.sessionStorage.getItem(sourcesHiddenKey) === 'yes');
  useEffect(() => {
    if (sourcesHidden) window.sessionStorage.setItem(sourcesHiddenKey, 'yes');
    else window.sessionStorage.removeItem(sourcesHiddenKey);
  }, [sourcesHidden]);
  // Where the grid's columns would not all be in sight beside the sources, the sources go below it.
  const [windowWidth, setWindowWidth] = useState(() => window.innerWidth);
  useEffect(() => {
    const resized = () => setWindowWidth(window.innerWidth);
    window.addEventListener('resize', resized);
    return () => window.removeEventListener('resize', resized);
  }, []);
  const sourcesBelow = !sourcesHidden && !gridFitsBesideSources(windowWidth, scenario.issues.length);

  const clickCell = useStableCallback((actor: string, issue: string) => {
    onSelect({ kind: 'cell', actor, issue });
    if (!passage) return;
    const target = scenario.actors.find((candidate) => candidate.id === actor);
    if (!target?.stances[issue]) {
      setNotice(`${target?.name ?? actor} holds no stance on ${issue}: add one before citing evidence for it.`);
      return;
    }
    const words = wordCount(passage.quote);
    if (words > maxQuoteWords) {
      setNotice(`Not attached: the passage is ${words} words, and a quote is at most ${maxQuoteWords}. Select less of it.`);
      return;
    }
    const evidence: Evidence = { source: passage.source, paragraph: passage.paragraph, quote: passage.quote };
    editor.edit((current) => addEvidence(current, actor, issue, evidence));
    onPassage(undefined);
    window.getSelection()?.removeAllRanges();
    setNotice(`Attached the quote to ${target.name} / ${issue}.`);
  });
  // Every handler below keeps its identity across renders, so the grid, the sources and the
  // inspector (memoised) are drawn again only when what they show changes, not each time a
  // forecast arrives.
  const showSource = useStableCallback((evidence: Evidence) => onSource(evidence.source));
  const citationClick = useStableCallback((citation: Citation) => onSelect({ kind: 'cell', actor: citation.actor, issue: citation.issue }));
  const attach = useStableCallback((added: Source, text: string | undefined) =>
    editor.edit((current) => withSource(current, added), text === undefined ? undefined : { [added.id]: text }),
  );
  const setText = useStableCallback((id: string, text: string) => editor.edit((current) => current, { [id]: text }));
  const remove = useStableCallback((id: string) => editor.edit((current) => removeSource(current, id), { [id]: null }));
  const selectActor = useStableCallback((actor: string) => onSelect({ kind: 'actor', actor }));
  const selectIssue = useStableCallback((issue: string) => onSelect({ kind: 'issue', issue }));
  const showEvidence = useStableCallback((actor: string, issue: string) => {
    if (passage) clickCell(actor, issue);
    else onSelect({ kind: 'cell', actor, issue });
    setRevealEvidence((count) => count + 1);
  });
  const newActor = useStableCallback((name: string) => {
    const added = addActor(scenario, name);
    editor.edit((current) => addActor(current, name).scenario);
    onSelect({ kind: 'actor', actor: added.id });
  });
  const newIssue = useStableCallback((name: string) => {
    const added = addIssue(scenario, name);
    editor.edit((current) => addIssue(current, name).scenario);
    onSelect({ kind: 'issue', issue: added.id });
  });

  const focusActor = selection?.kind === 'cell' ? selection.actor : undefined;
  const focusCellIssue = selection?.kind === 'cell' ? selection.issue : undefined;
  const focus = useMemo(
    () => (focusActor !== undefined && focusCellIssue !== undefined ? { actor: focusActor, issue: focusCellIssue } : undefined),
    [focusActor, focusCellIssue],
  );
  const focusIssue = selection?.kind === 'cell' || selection?.kind === 'issue' ? selection.issue : undefined;

  return (
    <div className={sourcesHidden ? 'build sources-hidden' : sourcesBelow ? 'build sources-below' : 'build'}>
      {sourcesHidden ? null : (
        <SourcesPanel
          scenario={scenario}
          texts={draft.texts}
          source={source}
          onSource={onSource}
          passage={passage}
          onPassage={onPassage}
          onCitationClick={citationClick}
          onAttach={attach}
          onText={setText}
          onRemove={remove}
          {...(focus ? { focus } : {})}
        />
      )}
      <div className="build-main">
        <div className="grid-bar">
          <button type="button" aria-expanded={!sourcesHidden} onClick={() => setSourcesHidden((hidden) => !hidden)}>
            {sourcesHidden ? 'Show sources' : 'Hide sources'}
          </button>
          {sourcesHidden && passage ? <span className="muted small">A passage is waiting: click a cell to cite it.</span> : null}
        </div>
        {notice ? (
          <p className="notice" role="status">
            {notice}{' '}
            <button type="button" className="link" onClick={() => setNotice(undefined)}>
              dismiss
            </button>
          </p>
        ) : null}
        {otherProblems.length > 0 ? (
          <ul className="problems">
            {keyed(otherProblems).map(({ key, item: message }) => (
              <li key={key}>{message}</li>
            ))}
          </ul>
        ) : null}
        <Grid
          scenario={scenario}
          problems={problems}
          selection={selection}
          onCell={clickCell}
          onActor={selectActor}
          onIssue={selectIssue}
          onEvidence={showEvidence}
          attaching={passage !== undefined}
          onAddActor={newActor}
          onAddIssue={newIssue}
        />
        <div className="below-grid">
          <Inspector selection={selection} editing={editing} problems={problems} onShowSource={showSource} revealEvidence={revealEvidence} />
          <LiveForecast scenario={scenario} state={forecast} valid={editor.problems.length === 0} focusIssue={focusIssue} />
        </div>
      </div>
    </div>
  );
}
