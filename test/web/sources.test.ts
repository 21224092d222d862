/** Sources as the page names, links and adds them (web/src/sources.ts). */
import { describe, expect, it } from 'vitest';
import type { Scenario, Source } from '../../src/core/scenario.js';
import { validateScenario } from '../../src/core/validate.js';
import { maxQuoteWords, safeHref, sourceLabel, withSource } from '../../web/src/sources.js';

const scenario: Scenario = {
  parley: 1,
  id: 'budget',
  title: 'City budget',
  issues: [{ id: 'CUT', name: 'Budget cut', scale: { min: 0, max: 20 } }],
  actors: [
    { id: 'mayor', name: 'Mayor', capability: 0.9, stances: { CUT: { position: 10, salience: 0.8 } } },
    { id: 'unions', name: 'Unions', capability: 0.4, stances: { CUT: { position: 0, salience: 1 } } },
  ],
  sources: [{ id: 'minutes', title: 'Council minutes', kind: 'official' }],
};

describe('sources on the page', () => {
  it('names a source by its title, else who wrote or published it (the address host when no publisher) and its date, never its bare id', () => {
    expect(sourceLabel({ id: 's', title: 'Minutes', author: 'Clerk', kind: 'official' })).toBe('Minutes');
    // The default scenario's opinion column has an author and a date but no title.
    expect(sourceLabel({ id: 'bhadrakumar', author: 'M K Bhadrakumar', date: '2024-11-21', kind: 'opinion' })).toBe('M K Bhadrakumar · 2024-11-21');
    expect(sourceLabel({ id: 's', author: 'Clerk', publisher: 'City', kind: 'official' })).toBe('Clerk · City');
    expect(sourceLabel({ id: 's', publisher: 'City', url: 'https://city.example/minutes', date: '2026-03-01', kind: 'official' })).toBe('City · 2026-03-01');
    expect(sourceLabel({ id: 's', url: 'https://www.sipri.org/media/2024/report?x=1', date: '2024-04-22', kind: 'news' })).toBe('www.sipri.org · 2024-04-22');
    expect(sourceLabel({ id: 's', url: 'shared/seed/article.txt', kind: 'news' })).toBe('shared/seed/article.txt');
    expect(sourceLabel({ id: 'minutes-2', kind: 'news' })).toBe('an untitled news source');
    expect(sourceLabel({ id: 'minutes-2' })).toBe('an untitled source');
  });

  it('links only web addresses', () => {
    expect(safeHref('https://city.example/minutes')).toBe('https://city.example/minutes');
    expect(safeHref('HTTP://city.example')).toBe('HTTP://city.example');
    expect(safeHref('javascript:alert(1)')).toBeUndefined();
    expect(safeHref('data:text/html,<b>x</b>')).toBeUndefined();
    expect(safeHref(' https://city.example')).toBeUndefined();
    expect(safeHref(undefined)).toBeUndefined();
  });

  it('appends a source and leaves the scenario it was given as it was', () => {
    const added: Source = { id: 'press', title: 'Press release', kind: 'news' };
    const next = withSource(scenario, added);
    expect(next.sources?.map((source) => source.id)).toEqual(['minutes', 'press']);
    expect(scenario.sources?.map((source) => source.id)).toEqual(['minutes']);
    const { sources: _, ...bare } = scenario;
    expect(withSource(bare, added).sources).toEqual([added]);
  });

  it('holds a quote to the words the library accepts', () => {
    const quote = (words: number) => Array.from({ length: words }, (_, index) => `w${index}`).join(' ');
    const citing = (words: number): Scenario => ({
      ...scenario,
      actors: scenario.actors.map((actor) =>
        actor.id === 'mayor' ? { ...actor, stances: { CUT: { position: 10, salience: 0.8, evidence: [{ source: 'minutes', quote: quote(words) }] } } } : actor,
      ),
    });
    const tooLong = (words: number) => validateScenario(citing(words)).problems.some((problem) => problem.code === 'quote-too-long');
    expect(tooLong(maxQuoteWords)).toBe(false);
    expect(tooLong(maxQuoteWords + 1)).toBe(true);
  });
});
