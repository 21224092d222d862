/**
 * A source's full text (an article, a transcript) in a scenario file: `sources[].text`. The
 * text is what evidence quotes and paragraph numbers refer to, so a file exported from the web
 * app carries the texts its sources were given, and importing it gives them back. The scenario
 * itself holds no text: what the models read, and the inputs hash, are the same with or without
 * them, so a file run by `parley` hashes as the page's recorded runs of the same scenario do.
 */
import type { Problem } from '../core/problems.js';
import type { Scenario } from '../core/scenario.js';

/** Source texts by source id (a null-prototype object: ids are the user's text). */
export type SourceTexts = Record<string, string>;

function isFields(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Takes `text` out of each source of a scenario file's data: the data without them (for the
 * scenario's validation), the texts by source id, and a problem for a text that is not text.
 * The data given is left as it was.
 */
export function takeSourceTexts(data: unknown): { data: unknown; texts: SourceTexts; problems: Problem[] } {
  const texts: SourceTexts = Object.create(null) as SourceTexts;
  const problems: Problem[] = [];
  if (!isFields(data) || !Array.isArray(data.sources)) return { data, texts, problems };
  const sources = data.sources.map((source: unknown, index: number) => {
    if (!isFields(source) || !('text' in source)) return source;
    const { text, ...rest } = source;
    if (typeof text !== 'string') {
      problems.push({
        code: 'type',
        path: ['sources', index, 'text'],
        message: "a source's text must be text",
        hint: 'write the text as a block: `text: |` and the text indented on the lines below',
      });
    } else if (typeof rest.id === 'string') {
      texts[rest.id] = text;
    }
    return rest;
  });
  return { data: { ...data, sources }, texts, problems };
}

/** The scenario with each source's text beside its other fields, as a scenario file writes it. */
export function withSourceTexts(scenario: Scenario, texts: Readonly<Record<string, string>>): Scenario {
  if (!scenario.sources?.some((source) => Object.hasOwn(texts, source.id))) return scenario;
  return { ...scenario, sources: scenario.sources.map((source) => (Object.hasOwn(texts, source.id) ? { ...source, text: texts[source.id]! } : source)) };
}
