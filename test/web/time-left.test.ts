/** The page's time left of a server run, in words (web/src/time-left.ts). */
import { describe, expect, it } from 'vitest';
import { durationWords, timeLeftWords } from '../../web/src/time-left.js';

describe('time left in words', () => {
  it('divides the draws still to do by the pace measured so far', () => {
    expect(timeLeftWords({ done: 1000, total: 5000, drawsPerSecond: 100 })).toBe('about 40 s left');
    expect(timeLeftWords({ done: 10, total: 100_000, drawsPerSecond: 50 })).toBe('about 33 min left');
    expect(timeLeftWords({ done: 500, total: 1_000_000, drawsPerSecond: 100 })).toBe('about 2 h 47 min left');
  });

  it('says it is estimating before any draw is measured, and finishing once all are done', () => {
    expect(timeLeftWords({ done: 0, total: 5000, drawsPerSecond: 0 })).toBe('estimating the time left');
    expect(timeLeftWords({ done: 5000, total: 5000, drawsPerSecond: 120 })).toBe('finishing');
  });

  it('rounds as an estimate can claim', () => {
    expect(durationWords(3)).toBe('a few seconds');
    expect(durationWords(42)).toBe('about 40 s');
    expect(durationWords(59)).toBe('about 60 s');
    expect(durationWords(90)).toBe('about 2 min');
    expect(durationWords(3590)).toBe('about 1 h');
    expect(durationWords(7200)).toBe('about 2 h');
  });
});
