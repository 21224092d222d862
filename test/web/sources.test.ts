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
  it('names a source by its title, else author, publisher or address, else its id marked untitled', () => {
    expect(sourceLabel({ id: 's', title: 'Minutes', author: 'Clerk', kind: 'official' })).toBe('Minutes');
    expect(sourceLabel({ id: 's', author: 'Clerk', publisher: 'City', kind: 'official' })).toBe('Clerk');
    expect(sourceLabel({ id: 's', publisher: 'City', url: 'https://city.example', kind: 'official' })).toBe('City');
    expect(sourceLabel({ id: 's', url: 'https://city.example', kind: 'news' })).toBe('https://city.example');
    expect(sourceLabel({ id: 'minutes-2', kind: 'news' })).toBe('minutes-2 (untitled)');
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
