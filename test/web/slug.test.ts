/** A name as an id's stem (web/src/edit.ts), shared by new scenarios, actors, issues, sources and variants. */
import { describe, expect, it } from 'vitest';
import { slug } from '../../web/src/edit.js';

describe('slug', () => {
  it('drops accents, lowers the case and joins words with single hyphens', () => {
    expect(slug('Défense — Budget 2025')).toBe('defense-budget-2025');
    expect(slug('Ceasefire  on current lines')).toBe('ceasefire-on-current-lines');
  });

  it('leaves no hyphen at either end, and nothing of a name without letters or digits', () => {
    expect(slug('  (EU) ')).toBe('eu');
    expect(slug('—?!')).toBe('');
  });
});
