/**
 * Sources as the page shows and cites them: the longest quote, a source's name in words, a
 * link only to a web address, and a scenario with one source more.
 */
import type { Scenario, Source } from '@parley/core/scenario.js';
import { cloned } from './edit.js';

/** The longest quote a scenario accepts, in words (the library's validation says the same). */
export const maxQuoteWords = 20;

/** How a source is named on the page: its title, else its author, publisher or address, else its id marked untitled. */
export function sourceLabel(source: Source): string {
  return source.title ?? source.author ?? source.publisher ?? source.url ?? `${source.id} (untitled)`;
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
