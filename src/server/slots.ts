/**
 * How much heavy work (Monte Carlo runs, sweeps) a server takes on at once: at most
 * `perServer` in all and `perUser` for one user. A request beyond either is refused at once
 * with a 429 that says which bound it met and when to try again (Retry-After), rather than
 * queued without limit: 50 clients each asking for 2,000 draws once held a server for ten
 * minutes (issue 24).
 */
import { errorBody, RequestError } from './errors.js';

export interface SlotLimits {
  /** Most at once on this server. */
  perServer: number;
  /** Most at once for one user (everyone is one user without sign-in). */
  perUser: number;
}

export interface Slots {
  /** Takes a slot for `user`, or throws the 429; the returned function gives it back (once). */
  take(user: string): () => void;
  /** Slots taken now. */
  readonly taken: number;
}

/** What Retry-After says before any work has finished: a guess of a few seconds. */
const firstRetrySeconds = 5;

/**
 * Slots for one kind of work, named in the refusal (`Monte Carlo runs`). Retry-After is the
 * mean time a slot was held lately (a running mean over the last few), whole seconds, at
 * least 1: roughly when one comes free.
 */
export function createSlots(what: string, limits: SlotLimits, now: () => number = Date.now): Slots {
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1) throw new Error(`${what}: ${name} must be a whole number above 0, got ${value}`);
  }
  const byUser = new Map<string, number>();
  let taken = 0;
  let heldSeconds = firstRetrySeconds;

  function refuse(message: string): RequestError {
    const retryAfter = Math.max(1, Math.ceil(heldSeconds));
    return new RequestError(429, errorBody('too-many-requests', `${message}; try again in about ${retryAfter} s`), { 'retry-after': String(retryAfter) });
  }

  return {
    get taken() {
      return taken;
    },
    take(user) {
      const mine = byUser.get(user) ?? 0;
      if (mine >= limits.perUser) throw refuse(`${what} under way for you: ${mine}, the most one user may have at once`);
      if (taken >= limits.perServer) throw refuse(`${what} under way on this server: ${taken}, the most it takes at once`);
      byUser.set(user, mine + 1);
      taken += 1;
      const startedAt = now();
      let given = false;
      return () => {
        if (given) return;
        given = true;
        taken -= 1;
        const left = (byUser.get(user) ?? 1) - 1;
        if (left > 0) byUser.set(user, left);
        else byUser.delete(user);
        // A running mean, so one slow run moves the estimate but does not set it.
        heldSeconds = 0.75 * heldSeconds + 0.25 * ((now() - startedAt) / 1000);
      };
    },
  };
}
