/**
 * The errors the library raises, as a closed union of codes (in the manner of zod's issue
 * codes): each code has a kind, so that a shell decides what to do by the kind, never by
 * matching the code's text.
 *
 * - `usage`: what the caller asked for is wrong (a flag, a parameter, a name that does not
 *   exist); the command line exits with its usage code, the API answers 400.
 * - `input`: the scenario or data cannot be run as asked (too few actors, a degenerate run).
 * - `service`: something the library depends on is unavailable (Redis).
 */
export const errorKinds = ['usage', 'input', 'service'] as const;
export type ErrorKind = (typeof errorKinds)[number];

export const errorCodes = {
  'bad-request': 'usage',
  'bad-param': 'usage',
  'bad-queue-url': 'input',
  'unknown-actor': 'usage',
  'unknown-issue': 'usage',
  'unknown-model': 'usage',
  'unknown-param': 'usage',
  'unknown-round': 'usage',
  'unknown-stance': 'usage',
  'unknown-variant': 'usage',
  'eum-invalid-option': 'usage',
  'eum-no-round': 'usage',
  'eum-duplicate-actor': 'input',
  'eum-invalid-actor': 'input',
  'eum-no-actors': 'input',
  'eum-no-relations': 'input',
  'eum-no-weight': 'input',
  'eum-too-few-actors': 'input',
  'smp-invalid-option': 'usage',
  'smp-failed': 'input',
  'smp-input': 'input',
  'smp-too-few-actors': 'input',
  'smp-too-large': 'input',
  'exchange-duplicate-actor': 'input',
  'exchange-scale': 'input',
  'exchange-too-large': 'input',
  'advise-actor': 'input',
  'advise-budget': 'input',
  'advise-goal': 'input',
  'advise-issue': 'input',
  'advise-no-forecast': 'input',
  'advise-nothing': 'input',
  'queue-unreachable': 'service',
  'queue-lost': 'service',
  /** A model failed in a way no other code names (also what a worker's unknown code reads as). */
  'model-failed': 'input',
} as const satisfies Record<string, ErrorKind>;

export type ErrorCode = keyof typeof errorCodes;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.hasOwn(errorCodes, code);
}

/** An error of the library: a code from the closed union, its kind, and a message in words. */
export class ParleyError extends Error {
  readonly code: ErrorCode;
  readonly kind: ErrorKind;
  constructor(code: ErrorCode, message: string) {
    super(message);
    this.name = 'ParleyError';
    this.code = code;
    this.kind = errorCodes[code];
  }

  /**
   * A ParleyError rebuilt from a code that crossed a process or thread boundary as text (a
   * worker's message, a queue job's failure reason); a code this version does not know
   * becomes `model-failed`, with the original code kept in the message.
   */
  static fromWire(code: string, message: string): ParleyError {
    return isErrorCode(code) ? new ParleyError(code, message) : new ParleyError('model-failed', `${message} [${code}]`);
  }
}
