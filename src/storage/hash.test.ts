/** The server's inputs hash (native SHA-256) is the core's (pure TypeScript), hex for hex. */
import { describe, expect, it } from 'vitest';
import { defaultScenarioPath } from '../cli/shared.js';
import { inputsHash as coreInputsHash } from '../core/inputs-hash.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { inputsHash } from './hash.js';

describe('inputsHash', () => {
  const { scenario } = loadScenarioFile(defaultScenarioPath());

  it.each([
    ['the default scenario with a request', { scenario, request: { kind: 'forecast', models: ['eum', 'smp'], seed: 3 } }],
    ['text beyond ASCII and the surrogate pairs of an emoji', { name: 'Ökonomie — 東京 😀', quote: '"\\n\u2028' }],
    ['numbers JCS writes its own way', { values: [1e21, 1e-7, -0, 0.1 + 0.2, 5e-324] }],
    ['a lone surrogate (both write it as U+FFFD)', { id: 'a\uD800b' }],
    ['an empty object', {}],
  ])('%s: the same hex as the core', (_name, inputs) => {
    expect(inputsHash(inputs)).toBe(coreInputsHash(inputs));
    expect(inputsHash(inputs)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('differs when the inputs differ', () => {
    expect(inputsHash({ a: 1 })).not.toBe(inputsHash({ a: 2 }));
  });
});
