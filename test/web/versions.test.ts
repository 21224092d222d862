/** Named versions (web/src/versions.ts). */
import { describe, expect, it } from 'vitest';
import { isNamed, namedSummary, versionLabel } from '../../web/src/versions.js';

describe('named versions', () => {
  it('carries the name in the summary, with the version whose content it names', () => {
    expect(namedSummary('  before the council vote ', 7)).toBe('named "before the council vote" (the content of version 7)');
  });

  it('labels a named version with its name, any other with its number alone', () => {
    const named = { version: 8, summary: namedSummary('before the council vote', 7) };
    expect(isNamed(named)).toBe(true);
    expect(versionLabel(named)).toBe('v8 "before the council vote"');
    const edit = { version: 9, summary: 'CUT: mayor position 10 → 12' };
    expect(isNamed(edit)).toBe(false);
    expect(versionLabel(edit)).toBe('v9');
  });
});
