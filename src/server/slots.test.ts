import { describe, expect, it } from 'vitest';
import { RequestError } from './errors.js';
import { createSlots } from './slots.js';

function refusal(take: () => unknown): RequestError {
  try {
    take();
  } catch (error) {
    if (error instanceof RequestError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('slots for heavy work', () => {
  it('refuses a user beyond perUser and everyone beyond perServer, with 429, the bound met and Retry-After', () => {
    let clock = 0;
    const slots = createSlots('Monte Carlo runs', { perServer: 3, perUser: 2 }, () => clock);
    const releaseA1 = slots.take('a');
    slots.take('a');
    const mine = refusal(() => slots.take('a'));
    expect(mine.status).toBe(429);
    expect(mine.body).toEqual({
      error: 'too-many-requests',
      message: 'Monte Carlo runs under way for you: 2, the most one user may have at once; try again in about 5 s',
    });
    expect(mine.headers).toEqual({ 'retry-after': '5' });
    slots.take('b');
    const full = refusal(() => slots.take('c'));
    expect(full.body.message).toBe('Monte Carlo runs under way on this server: 3, the most it takes at once; try again in about 5 s');
    expect(slots.taken).toBe(3);

    clock = 13_000;
    releaseA1();
    releaseA1();
    expect(slots.taken).toBe(2);
    slots.take('c');
    // Held 13 s: the running mean moves from 5 s to 0.75 × 5 + 0.25 × 13 = 7 s.
    expect(refusal(() => slots.take('d')).headers).toEqual({ 'retry-after': '7' });
  });

  it('gives a slot back once however often it is released, and frees the user', () => {
    const slots = createSlots('sweeps', { perServer: 1, perUser: 1 });
    const release = slots.take('a');
    release();
    release();
    expect(slots.taken).toBe(0);
    slots.take('b');
    expect(slots.taken).toBe(1);
  });

  it('refuses limits that are not whole numbers above 0', () => {
    expect(() => createSlots('sweeps', { perServer: 0, perUser: 1 })).toThrow('sweeps: perServer must be a whole number above 0, got 0');
  });
});
