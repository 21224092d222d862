/** React keys from content (web/src/keys.ts). */
import { describe, expect, it } from 'vitest';
import { keyed } from '../../web/src/keys.js';

describe('keys from content', () => {
  it('keys each item by its content, a repeat by its occurrence', () => {
    expect(keyed(['a', 'b', 'a', 'a']).map((entry) => entry.key)).toEqual(['1:a', '1:b', '2:a', '3:a']);
  });

  it('keeps every other line its key when a line goes, as an index would not', () => {
    const before = keyed(['x too small', 'y missing', 'z too large']);
    const after = keyed(['x too small', 'z too large']);
    expect(after.map((entry) => entry.key)).toEqual([before[0]!.key, before[2]!.key]);
  });

  it('never gives two items one key, whatever the content (a content holding the separator included)', () => {
    const texts = ['a', '1:a', 'a', '2:a', '', '', ':'];
    const keys = keyed(texts).map((entry) => entry.key);
    expect(new Set(keys).size).toBe(texts.length);
  });

  it('keys objects by the content given, and keeps each item with its key', () => {
    const moves = [
      { round: 1, actor: 'usa' },
      { round: 2, actor: 'usa' },
      { round: 1, actor: 'rus' },
    ];
    const entries = keyed(moves, (move) => `${move.round}:${move.actor}`);
    expect(entries.map((entry) => entry.key)).toEqual(['1:1:usa', '1:2:usa', '1:1:rus']);
    expect(entries.map((entry) => entry.item)).toEqual(moves);
  });
});
