/**
 * A source's text with its cited quotes found in it: paragraphs as the scenario counts them
 * (separated by blank lines, the first is 1), and each paragraph cut into plain and quoted
 * stretches, each quoted stretch naming the cells that cite it.
 */
import type { Scenario } from '@parley/core/scenario.js';

export interface Citation {
  actor: string;
  issue: string;
  quote: string;
  paragraph?: number;
}

export interface Segment {
  text: string;
  /** The cells citing this stretch; absent for plain text. */
  citations?: Citation[];
}

export function paragraphsOf(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '');
}

/** Every quote the scenario cites from this source, with the cell citing it. */
export function citationsOf(scenario: Scenario, source: string): Citation[] {
  const citations: Citation[] = [];
  for (const actor of scenario.actors) {
    for (const [issue, stance] of Object.entries(actor.stances)) {
      for (const evidence of stance.evidence ?? []) {
        if (evidence.source !== source || !evidence.quote) continue;
        citations.push({ actor: actor.id, issue, quote: evidence.quote, ...(evidence.paragraph === undefined ? {} : { paragraph: evidence.paragraph }) });
      }
    }
  }
  return citations;
}

/** Typographic quotes and apostrophes as plain ones, whitespace runs as one space — one character for one, so positions carry over. */
function comparable(text: string): string {
  return text
    .replace(/[‘’‛′]/g, "'")
    .replace(/[“”„″]/g, '"')
    .replace(/\s/g, ' ');
}

/**
 * The paragraph cut at the quotes found in it (quotes naming another paragraph are looked
 * for only there). Overlapping quotes merge into one stretch citing all their cells.
 */
export function segmentsOf(paragraph: string, paragraphNumber: number, citations: readonly Citation[]): Segment[] {
  const haystack = comparable(paragraph);
  const spans: { from: number; to: number; citation: Citation }[] = [];
  for (const citation of citations) {
    if (citation.paragraph !== undefined && citation.paragraph !== paragraphNumber) continue;
    const needle = comparable(citation.quote.trim()).replace(/ +/g, ' ');
    if (needle === '') continue;
    for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) {
      spans.push({ from: at, to: at + needle.length, citation });
    }
  }
  spans.sort((a, b) => a.from - b.from || b.to - a.to);
  const merged: { from: number; to: number; citations: Citation[] }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.from < last.to) {
      last.to = Math.max(last.to, span.to);
      if (!last.citations.includes(span.citation)) last.citations.push(span.citation);
    } else merged.push({ from: span.from, to: span.to, citations: [span.citation] });
  }
  const segments: Segment[] = [];
  let at = 0;
  for (const span of merged) {
    if (span.from > at) segments.push({ text: paragraph.slice(at, span.from) });
    segments.push({ text: paragraph.slice(span.from, span.to), citations: span.citations });
    at = span.to;
  }
  if (at < paragraph.length) segments.push({ text: paragraph.slice(at) });
  return segments;
}

export function wordCount(text: string): number {
  return text.trim().split(/\s+/).filter(Boolean).length;
}
