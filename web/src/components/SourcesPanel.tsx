/**
 * The sources: pick one, read its text with every cited quote highlighted, select a passage
 * to cite it (then click a grid cell), or attach a new source by pasting or uploading its
 * text, or giving its address with notes.
 */
import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { Scenario, Source } from '@parley/core/scenario.js';
import { actorOf, confirmText, sourceIdFor, sourceRemovalConsequences } from '../edit.js';
import { citationsOf, paragraphsOf, segmentsOf, wordCount, type Citation } from '../highlight.js';
import type { Passage } from '../selection.js';
import { keyed } from '../keys.js';
import { maxQuoteWords, safeHref, sourceLabel } from '../sources.js';

export interface SourcesProps {
  scenario: Scenario;
  texts: Record<string, string>;
  source: string | undefined;
  onSource: (id: string) => void;
  passage: Passage | undefined;
  onPassage: (passage: Passage | undefined) => void;
  onCitationClick: (citation: Citation) => void;
  /** Adds a source (and its text) to the scenario. */
  onAttach: (source: Source, text: string | undefined) => void;
  /** Sets the text of an existing source. */
  onText: (source: string, text: string) => void;
  /** The cell whose quotes are emphasised. */
  focus?: { actor: string; issue: string };
  /** Removes the source, the evidence citing it and its text (after the page has said so). */
  onRemove?: (source: string) => void;
}

export const SourcesPanel = memo(function SourcesPanel(props: SourcesProps) {
  const { scenario, texts } = props;
  const sources = scenario.sources ?? [];
  const withText = sources.filter((source) => texts[source.id] !== undefined);
  const current = sources.find((source) => source.id === props.source) ?? withText[0] ?? sources[0];
  const [adding, setAdding] = useState(false);

  return (
    <section className="sources panel" aria-label="Sources">
      <div className="panel-head">
        <h2>Sources</h2>
        <button type="button" onClick={() => setAdding((open) => !open)}>
          {adding ? 'Cancel' : 'Attach a source'}
        </button>
      </div>
      {adding ? (
        <AttachForm
          scenario={scenario}
          onAttach={(source, text) => {
            props.onAttach(source, text);
            props.onSource(source.id);
            setAdding(false);
          }}
        />
      ) : null}
      {sources.length > 0 ? (
        <label className="source-pick">
          <span className="sr-only">Source</span>
          <select value={current?.id ?? ''} onChange={(event) => props.onSource(event.target.value)} aria-label="Source">
            {sources.map((source) => (
              <option key={source.id} value={source.id}>
                {texts[source.id] !== undefined ? '¶ ' : ''}
                {sourceLabel(source)}
              </option>
            ))}
          </select>
        </label>
      ) : (
        <p className="muted">No sources yet. Attach one to cite it as evidence.</p>
      )}
      {current ? <SourceView {...props} source={current} text={texts[current.id]} /> : null}
    </section>
  );
});

function SourceView(props: Omit<SourcesProps, 'source'> & { source: Source; text: string | undefined }) {
  const { scenario, source, text, passage } = props;
  const container = useRef<HTMLElement>(null);
  const citations = useMemo(() => citationsOf(scenario, source.id), [scenario, source.id]);
  const paragraphs = useMemo(() => (text === undefined ? [] : paragraphsOf(text)), [text]);
  const [pasted, setPasted] = useState('');
  const [selectionNote, setSelectionNote] = useState<string>();
  const href = safeHref(source.url);
  const focusKey = props.focus ? `${props.focus.actor}:${props.focus.issue}` : '';

  // Bring the selected cell's first quote into view inside the text (not the whole page).
  // biome-ignore lint/correctness/useExhaustiveDependencies: the effect reads the rendered marks; a new focus cell or source is what moves them.
  useEffect(() => {
    const box = container.current;
    const mark = box?.querySelector('mark.focus');
    if (!box || !mark) return;
    const offset = mark.getBoundingClientRect().top - box.getBoundingClientRect().top;
    if (offset < 0 || offset > box.clientHeight - 40) box.scrollTop += offset - box.clientHeight / 3;
  }, [focusKey, source.id]);

  const takeSelection = () => {
    const selection = window.getSelection();
    const quote = selection?.toString().replace(/\s+/g, ' ').trim() ?? '';
    if (!selection || quote === '' || !container.current) return;
    const paragraphOf = (node: Node | null) =>
      (node instanceof Element ? node : node?.parentElement)?.closest('[data-paragraph]')?.getAttribute('data-paragraph');
    const from = paragraphOf(selection.anchorNode);
    const to = paragraphOf(selection.focusNode);
    if (!from || !container.current.contains(selection.anchorNode)) return;
    if (from !== to) {
      setSelectionNote('Select a passage within one paragraph.');
      props.onPassage(undefined);
      return;
    }
    setSelectionNote(undefined);
    props.onPassage({ source: source.id, paragraph: Number(from), quote });
  };

  const words = passage ? wordCount(passage.quote) : 0;

  return (
    <div className="source-view">
      <div className="source-meta small">
        {source.title ? <div className="source-title">{source.title}</div> : null}
        <div className="muted">
          {[source.author, source.publisher, source.date, source.kind].filter(Boolean).join(' · ')}
          {href ? (
            <>
              {' · '}
              <a href={href} target="_blank" rel="noreferrer noopener">
                {source.url}
              </a>
            </>
          ) : source.url ? (
            ` · ${source.url}`
          ) : null}
        </div>
        {source.note ? <div className="source-note">{source.note}</div> : null}
        <div className="muted">
          {citations.length} quote{citations.length === 1 ? '' : 's'} cited from this source
          {props.onRemove ? (
            <>
              {' · '}
              <button
                type="button"
                className="link danger"
                onClick={() =>
                  window.confirm(
                    confirmText(`Remove the source ${sourceLabel(source)}?`, sourceRemovalConsequences(scenario, source.id, text !== undefined)),
                  ) && props.onRemove!(source.id)
                }
              >
                Remove source
              </button>
            </>
          ) : null}
        </div>
      </div>
      {passage && passage.source === source.id ? (
        <div className={`passage-bar ${words > maxQuoteWords ? 'warn' : ''}`} role="status">
          <div>
            ¶{passage.paragraph}: “{passage.quote}”
          </div>
          {words > maxQuoteWords ? (
            <div>
              {words} words: a quote is at most {maxQuoteWords} words; select less. It cannot be attached as it is.
            </div>
          ) : (
            <div>Now click a cell of the grid (or focus it and press C) to attach this quote as its evidence.</div>
          )}
          <button type="button" onClick={() => props.onPassage(undefined)}>
            Cancel
          </button>
        </div>
      ) : selectionNote ? (
        <p className="warn small">{selectionNote}</p>
      ) : (
        <p className="muted small">Select a passage to cite it, then click a cell of the grid.</p>
      )}
      {text !== undefined && paragraphs.length > 0 ? (
        <KeyboardCite paragraphs={paragraphs} onPassage={(paragraph, quote) => props.onPassage({ source: source.id, paragraph, quote })} />
      ) : null}
      {text === undefined ? (
        <div className="no-text">
          <p className="muted">This source has no text here. Paste it (or upload a text file) to read it and cite passages.</p>
          <textarea aria-label="Source text" rows={6} value={pasted} onChange={(event) => setPasted(event.target.value)} />
          <div className="row">
            <input
              type="file"
              accept=".txt,.md,text/plain"
              aria-label="Upload the source's text"
              onChange={async (event) => {
                const file = event.target.files?.[0];
                if (file) setPasted(await file.text());
              }}
            />
            <button type="button" disabled={pasted.trim() === ''} onClick={() => props.onText(source.id, pasted)}>
              Keep this text
            </button>
          </div>
        </div>
      ) : (
        <section
          className="source-text"
          aria-label="The source's text: select a passage to cite it"
          ref={container}
          onMouseUp={takeSelection}
          onKeyUp={takeSelection}
          data-testid="source-text"
        >
          {paragraphs.map((paragraph, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a paragraph is its place in the text, cited by that number (¶n).
            <p key={index} data-paragraph={index + 1}>
              <span className="paragraph-number" aria-hidden="true">
                {index + 1}
              </span>
              {keyed(segmentsOf(paragraph, index + 1, citations), (segment) => segment.text).map(({ key, item: segment }) =>
                segment.citations ? (
                  // biome-ignore lint/a11y/useKeyWithClickEvents: a mouse shortcut to the citing cell; by keyboard the cell is reached in the grid, whose evidence leads back here ("Show in source").
                  <mark
                    key={key}
                    className={
                      props.focus && segment.citations.some((citation) => citation.actor === props.focus!.actor && citation.issue === props.focus!.issue)
                        ? 'focus'
                        : ''
                    }
                    title={`Evidence for ${segment.citations.map((citation) => `${actorOf(scenario, citation.actor)?.name ?? citation.actor} / ${citation.issue}`).join(', ')}`}
                    onClick={() => props.onCitationClick(segment.citations![0]!)}
                  >
                    {segment.text}
                  </mark>
                ) : (
                  <span key={key}>{segment.text}</span>
                ),
              )}
            </p>
          ))}
        </section>
      )}
    </div>
  );
}

/**
 * Citing without a mouse: the paragraph's number and the words to quote, typed or pasted;
 * the words must stand in that paragraph as written (spaces aside). Then focus a cell of the
 * grid and press Enter to attach them.
 */
function KeyboardCite({ paragraphs, onPassage }: { paragraphs: string[]; onPassage: (paragraph: number, quote: string) => void }) {
  const [paragraph, setParagraph] = useState(1);
  const [quote, setQuote] = useState('');
  const [problem, setProblem] = useState<string>();
  const normal = (text: string) => text.replace(/\s+/g, ' ').trim();
  const submit = () => {
    const words = normal(quote);
    if (words === '') return setProblem('type the words to quote');
    if (!normal(paragraphs[paragraph - 1] ?? '').includes(words)) return setProblem(`paragraph ${paragraph} does not contain these words as written`);
    setProblem(undefined);
    onPassage(paragraph, words);
    setQuote('');
  };
  return (
    <details className="keyboard-cite">
      <summary className="small">Cite by keyboard</summary>
      <form
        className="row"
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <label className="small">
          ¶{' '}
          <select value={paragraph} onChange={(event) => setParagraph(Number(event.target.value))} aria-label="Paragraph to cite">
            {paragraphs
              .map((_, index) => index + 1)
              .map((number) => (
                <option key={number} value={number}>
                  {number}
                </option>
              ))}
          </select>
        </label>
        <input value={quote} onChange={(event) => setQuote(event.target.value)} aria-label="Words to quote" placeholder="the words, as in the text" />
        <button type="submit">Use this passage</button>
      </form>
      {problem ? (
        <p className="field-problem" role="alert">
          {problem}
        </p>
      ) : (
        <p className="muted small">Then focus a cell of the grid (Tab, arrow keys) and press Enter.</p>
      )}
    </details>
  );
}

function AttachForm({ scenario, onAttach }: { scenario: Scenario; onAttach: (source: Source, text: string | undefined) => void }) {
  const [title, setTitle] = useState('');
  const [url, setUrl] = useState('');
  const [note, setNote] = useState('');
  const [kind, setKind] = useState('news');
  const [text, setText] = useState('');
  const id = sourceIdFor(scenario, title);
  const submit = () => {
    const source: Source = {
      id,
      title: title.trim(),
      kind,
      ...(url.trim() ? { url: url.trim() } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    onAttach(source, text.trim() === '' ? undefined : text);
  };
  return (
    <form
      className="attach-form"
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <label>
        Title <input value={title} onChange={(event) => setTitle(event.target.value)} required aria-label="Source title" />
      </label>
      <label>
        Address (URL) <input value={url} onChange={(event) => setUrl(event.target.value)} placeholder="https://…" aria-label="Source address" />
      </label>
      <label>
        Kind{' '}
        <select value={kind} onChange={(event) => setKind(event.target.value)} aria-label="Source kind">
          {['news', 'opinion', 'official', 'analysis', 'dataset', 'interview'].map((option) => (
            <option key={option}>{option}</option>
          ))}
        </select>
      </label>
      <label>
        Notes <input value={note} onChange={(event) => setNote(event.target.value)} aria-label="Source notes" />
      </label>
      <label className="block">
        Text (paste it, or upload a text file)
        <textarea rows={6} value={text} onChange={(event) => setText(event.target.value)} aria-label="Source text" />
      </label>
      <input
        type="file"
        accept=".txt,.md,text/plain"
        aria-label="Upload the source's text"
        onChange={async (event) => {
          const file = event.target.files?.[0];
          if (!file) return;
          setText(await file.text());
          if (title.trim() === '') setTitle(file.name.replace(/\.[^.]+$/, ''));
        }}
      />
      <div className="row">
        <span className="muted small">id: {id}</span>
        <button type="submit" className="primary" disabled={title.trim() === ''}>
          Attach
        </button>
      </div>
    </form>
  );
}
