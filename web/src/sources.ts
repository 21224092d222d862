/**
 * Sources as the page shows and cites them: the longest quote, a source's name in words, a
 * link only to a web address, and a scenario with one source more.
 */
import type { Scenario, Source } from '@parley/core/scenario.js';
import { cloned } from './edit.js';

/** The longest quote a scenario accepts, in words (the library's validation says the same). */
export const maxQuoteWords = 20;

/**
 * How a source is named on the page: its title; else who wrote or published it (the address's
 * host when there is no publisher) and its date, e.g. "M K Bhadrakumar · 2024-11-21"; else
 * "an untitled opinion source". Never the bare id, which the reader did not write.
 */
export function sourceLabel(source: Source): string {
  if (source.title) return source.title;
  const parts = [source.author, source.publisher ?? hostOf(source.url), source.date].filter((part): part is string => Boolean(part));
  if (parts.length > 0) return parts.join(' · ');
  return source.kind ? `an untitled ${source.kind} source` : 'an untitled source';
}

/** The host of a web address ("www.sipri.org"), or the text itself when it is not one. */
function hostOf(url: string | undefined): string | undefined {
  if (url === undefined || url.trim() === '') return undefined;
  if (safeHref(url) === undefined) return url;
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** A URL shown as a link only when it is a web address (never `javascript:` and the like). */
export function safeHref(url: string | undefined): string | undefined {
  return url !== undefined && /^https?:\/\//i.test(url) ? url : undefined;
}

/** The scenario with a new source appended. */
export function withSource(scenario: Scenario, source: Source): Scenario {
  return cloned(scenario, (draft) => {
    draft.sources = [...(draft.sources ?? []), source];
  });
}
