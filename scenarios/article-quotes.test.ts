/**
 * Checks the article citations of the default scenario against the article itself:
 * every quote attributed to `bhadrakumar` must appear verbatim in the paragraph it names, every
 * quote in the scenario must be short (at most 20 words), and the article's main claims must
 * actually be cited (paragraphs 2, 3, 5, 6 and 8).
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const scenarioPath = fileURLToPath(new URL('./ukraine-2024-11.yaml', import.meta.url));
const articlePath = fileURLToPath(new URL('../../shared/seed/article-2024-11-21.txt', import.meta.url));
const articleExists = existsSync(articlePath);
if (!articleExists) {
  console.warn(`article-quotes.test: ${articlePath} not found; skipping the checks against the article text`);
}

interface EvidenceLike {
  source?: unknown;
  paragraph?: unknown;
  quote?: unknown;
  note?: unknown;
}

interface Citation {
  where: string;
  evidence: EvidenceLike;
}

const scenario = parse(readFileSync(scenarioPath, 'utf8')) as {
  actors?: { id: string; evidence?: EvidenceLike[]; stances?: Record<string, { evidence?: EvidenceLike[] }> }[];
};

/** Every evidence entry in the scenario, with where it sits. */
function allEvidence(): Citation[] {
  const out: Citation[] = [];
  for (const actor of scenario.actors ?? []) {
    for (const evidence of actor.evidence ?? []) out.push({ where: `${actor.id}/capability`, evidence });
    for (const [issue, stance] of Object.entries(actor.stances ?? {})) {
      for (const evidence of stance.evidence ?? []) out.push({ where: `${actor.id}/${issue}`, evidence });
    }
  }
  return out;
}

/** Every `quote:` value anywhere in the parsed document, whatever its position. */
function allQuotes(node: unknown, path = ''): { path: string; quote: string }[] {
  if (Array.isArray(node)) return node.flatMap((item, i) => allQuotes(item, `${path}[${i}]`));
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) =>
      key === 'quote' && typeof value === 'string'
        ? [{ path: `${path}.${key}`, quote: value }]
        : allQuotes(value, `${path}.${key}`),
    );
  }
  return [];
}

const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

const articleCitations = allEvidence().filter(
  (c) => c.evidence.source === 'bhadrakumar' && typeof c.evidence.quote === 'string',
);

describe('scenarios/ukraine-2024-11.yaml: quotes', () => {
  it('has evidence entries to check', () => {
    expect(allEvidence().length).toBeGreaterThan(0);
  });

  it('keeps every quote in the file to at most 20 words', () => {
    const quotes = allQuotes(scenario);
    expect(quotes.length).toBeGreaterThan(0);
    const tooLong = quotes.filter((q) => wordCount(q.quote) > 20).map((q) => `${q.path}: ${q.quote}`);
    expect(tooLong).toEqual([]);
  });

  it('cites the article at least 6 times, each with a paragraph number', () => {
    expect(articleCitations.length).toBeGreaterThanOrEqual(6);
    for (const c of articleCitations) {
      expect(Number.isInteger(c.evidence.paragraph), `${c.where}: paragraph`).toBe(true);
    }
  });

  it('cites each of paragraphs 2, 3, 5, 6 and 8 at least once', () => {
    const cited = new Set(articleCitations.map((c) => c.evidence.paragraph));
    for (const paragraph of [2, 3, 5, 6, 8]) {
      expect(cited.has(paragraph), `paragraph ${paragraph} is cited`).toBe(true);
    }
  });

  it.skipIf(!articleExists)('finds every article quote verbatim in the paragraph it names', () => {
    const paragraphs = readFileSync(articlePath, 'utf8').split(/\n\s*\n/);
    expect(paragraphs.length).toBeGreaterThanOrEqual(8);
    const missing: string[] = [];
    for (const c of articleCitations) {
      const n = c.evidence.paragraph as number;
      const quote = c.evidence.quote as string;
      const text = paragraphs[n - 1];
      if (text === undefined || !text.includes(quote)) missing.push(`${c.where}: ¶${n} "${quote}"`);
    }
    expect(missing).toEqual([]);
  });

  it.skipIf(!articleExists)('does not accept a quote that is not in the article (self-check)', () => {
    const paragraphs = readFileSync(articlePath, 'utf8').split(/\n\s*\n/);
    // A straight apostrophe where the article has a typographic one must not match.
    expect(paragraphs[1]?.includes("Putin's pledge")).toBe(false);
    expect(paragraphs[1]?.includes('Putin’s pledge')).toBe(true);
  });
});
