/**
 * Verifies the default scenario's quotes of the article it started from against the article
 * itself, and records what it verified in `scenarios/article-quotes.verified.json`, so the
 * tests can hold the scenario to it without the article (which is not ours to ship).
 *
 *   node dist/bench/article-quotes.js [ARTICLE] [--write]
 *
 * ARTICLE defaults to `../shared/seed/article-2024-11-21.txt`. Each quote attributed to
 * `bhadrakumar` must stand verbatim (typographic apostrophes included) in the paragraph it
 * names; paragraphs are separated by blank lines. Exit 1 when one does not. `--write` then
 * writes the record: the article's SHA-256, and per citation its paragraph, its quote and the
 * SHA-256 of that paragraph's text.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

interface Evidence {
  source?: unknown;
  paragraph?: unknown;
  quote?: unknown;
}

const root = fileURLToPath(new URL('../..', import.meta.url));
const args = process.argv.slice(2);
const write = args.includes('--write');
const articlePath = args.find((arg) => !arg.startsWith('--')) ?? `${root}../shared/seed/article-2024-11-21.txt`;
const recordPath = `${root}scenarios/article-quotes.verified.json`;

if (!existsSync(articlePath)) {
  console.error(`article-quotes: ${articlePath} not found; give the article's path as the first argument`);
  process.exit(1);
}
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const article = readFileSync(articlePath, 'utf8');
const paragraphs = article.split(/\n\s*\n/);
const scenario = parse(readFileSync(`${root}scenarios/ukraine-2024-11.yaml`, 'utf8')) as {
  actors?: { id: string; evidence?: Evidence[]; stances?: Record<string, { evidence?: Evidence[] }> }[];
};

const citations: { where: string; paragraph: number; quote: string }[] = [];
for (const actor of scenario.actors ?? []) {
  const entries = [
    ...(actor.evidence ?? []).map((evidence) => ({ where: `${actor.id}/capability`, evidence })),
    ...Object.entries(actor.stances ?? {}).flatMap(([issue, stance]) =>
      (stance.evidence ?? []).map((evidence) => ({ where: `${actor.id}/${issue}`, evidence })),
    ),
  ];
  for (const { where, evidence } of entries) {
    if (evidence.source === 'bhadrakumar' && typeof evidence.quote === 'string')
      citations.push({ where, paragraph: Number(evidence.paragraph), quote: evidence.quote });
  }
}

// Self-check: a straight apostrophe where the article has a typographic one must not match.
if (paragraphs[1]?.includes("Putin's pledge") || !paragraphs[1]?.includes('Putin’s pledge')) {
  console.error('article-quotes: the article is not the expected text (¶2 should read "Putin’s pledge", typographic apostrophe)');
  process.exit(1);
}
const missing = citations.filter((citation) => !(paragraphs[citation.paragraph - 1] ?? '').includes(citation.quote));
for (const citation of missing) console.error(`${citation.where}: ¶${citation.paragraph} "${citation.quote}" is not in that paragraph`);
console.log(`${citations.length - missing.length} of ${citations.length} quotes found verbatim in the paragraph they name`);
if (missing.length > 0) process.exit(1);

if (write) {
  const unique = [...new Map(citations.map((citation) => [`${citation.paragraph}\u0000${citation.quote}`, citation])).values()];
  const record = {
    about: 'Quotes of the article verified verbatim by bench/article-quotes.ts; the tests hold scenarios/ukraine-2024-11.yaml to this list.',
    article: { file: 'shared/seed/article-2024-11-21.txt', sha256: sha256(article), paragraphs: paragraphs.length },
    quotes: unique
      .sort((a, b) => a.paragraph - b.paragraph || a.quote.localeCompare(b.quote))
      .map(({ paragraph, quote }) => ({ paragraph, quote, paragraphSha256: sha256(paragraphs[paragraph - 1]!) })),
  };
  writeFileSync(recordPath, `${JSON.stringify(record, null, 2)}\n`);
  console.log(`wrote ${recordPath}: ${record.quotes.length} quotes`);
}
