/**
 * Where a scenario is built from its sources: the source text on one side, the actor ×
 * issue grid on the other, the cell being edited and the live forecast below the grid.
 */
import { useEffect, useMemo, useState } from 'react';
import type { Evidence } from '@parley/core/scenario.js';
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
import { wordCount } from '../highlight.js';
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

  const clickCell = (actor: string, issue: string) => {
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
  };

  const showSource = (evidence: Evidence) => {
    onSource(evidence.source);
  };

  const focus = selection?.kind === 'cell' ? { actor: selection.actor, issue: selection.issue } : undefined;
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
          onCitationClick={(citation) => onSelect({ kind: 'cell', actor: citation.actor, issue: citation.issue })}
          onAttach={(added, text) => editor.edit((current) => withSource(current, added), text === undefined ? undefined : { [added.id]: text })}
          onText={(id, text) => editor.edit((current) => current, { [id]: text })}
          onRemove={(id) => editor.edit((current) => removeSource(current, id), { [id]: null })}
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
          onActor={(actor) => onSelect({ kind: 'actor', actor })}
          onIssue={(issue) => onSelect({ kind: 'issue', issue })}
          onEvidence={(actor, issue) => {
            if (passage) clickCell(actor, issue);
            else onSelect({ kind: 'cell', actor, issue });
            setRevealEvidence((count) => count + 1);
          }}
          attaching={passage !== undefined}
          onAddActor={(name) => {
            const added = addActor(scenario, name);
            editor.edit((current) => addActor(current, name).scenario);
            onSelect({ kind: 'actor', actor: added.id });
          }}
          onAddIssue={(name) => {
            const added = addIssue(scenario, name);
            editor.edit((current) => addIssue(current, name).scenario);
            onSelect({ kind: 'issue', issue: added.id });
          }}
        />
        <div className="below-grid">
          <Inspector selection={selection} editing={editing} problems={problems} onShowSource={showSource} revealEvidence={revealEvidence} />
          <LiveForecast scenario={scenario} state={forecast} valid={editor.problems.length === 0} focusIssue={focusIssue} />
        </div>
      </div>
    </div>
  );
}
