/**
 * Checks the article citations of the default scenario against the article itself:
 * every quote attributed to `bhadrakumar` must appear verbatim in the paragraph it names, every
 * quote in the scenario must be short (at most 20 words), and the article's main claims must
 * actually be cited (paragraphs 2, 3, 5, 6 and 8). The article is not ours to ship:
 * `bench/article-quotes.ts` checks the quotes against it and records them in
 * `article-quotes.verified.json`, and these tests hold the scenario to that record.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const scenarioPath = fileURLToPath(new URL('./ukraine-2024-11.yaml', import.meta.url));
/** The quotes `bench/article-quotes.ts` found verbatim in the article (not ours to ship), with its hash. */
const verifiedPath = fileURLToPath(new URL('./article-quotes.verified.json', import.meta.url));
const verified = JSON.parse(readFileSync(verifiedPath, 'utf8')) as {
  article: { sha256: string; paragraphs: number };
  quotes: { paragraph: number; quote: string; paragraphSha256: string }[];
};

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
      key === 'quote' && typeof value === 'string' ? [{ path: `${path}.${key}`, quote: value }] : allQuotes(value, `${path}.${key}`),
    );
  }
  return [];
}

const wordCount = (text: string): number => text.trim().split(/\s+/).filter(Boolean).length;

const articleCitations = allEvidence().filter((c) => c.evidence.source === 'bhadrakumar' && typeof c.evidence.quote === 'string');

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

  it('cites the article only with quotes verified verbatim in the paragraph they name (bench/article-quotes.ts)', () => {
    expect(verified.article.sha256).toMatch(/^[0-9a-f]{64}$/);
    const known = new Set(verified.quotes.map((entry) => `${entry.paragraph}\u0000${entry.quote}`));
    const unverified = articleCitations
      .filter((c) => !known.has(`${c.evidence.paragraph as number}\u0000${c.evidence.quote as string}`))
      .map(
        (c) => `${c.where}: ¶${String(c.evidence.paragraph)} "${String(c.evidence.quote)}" (run node dist/bench/article-quotes.js --write beside the article)`,
      );
    expect(unverified).toEqual([]);
  });

  it('keeps no verified quote the scenario no longer cites, and each names a paragraph of the article', () => {
    const cited = new Set(articleCitations.map((c) => `${c.evidence.paragraph as number}\u0000${c.evidence.quote as string}`));
    for (const entry of verified.quotes) {
      expect(cited.has(`${entry.paragraph}\u0000${entry.quote}`), `¶${entry.paragraph} "${entry.quote}"`).toBe(true);
      expect(entry.paragraph).toBeGreaterThanOrEqual(1);
      expect(entry.paragraph).toBeLessThanOrEqual(verified.article.paragraphs);
      expect(entry.paragraphSha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });
});
