/**
 * Validation on plain data (no file). One test per rule, with the line each problem points
 * at, is in `src/io/scenario-file.test.ts`; here: the whole-result behaviour, the shared
 * phrasing in problems.ts and the JSON Schema.
 */
import { describe, expect, it } from 'vitest';
import { closestMatch, formatPath, formatProblem } from './problems.js';
import type { Scenario } from './scenario.js';
import { fieldsAt, scenarioJsonSchema } from './schema.js';
import { validateScenario } from './validate.js';

/** The smallest valid scenario: one issue, two actors. */
function minimal(): Scenario {
  return {
    parley: 1,
    id: 'minimal',
    title: 'Minimal',
    issues: [{ id: 'TAX', name: 'Tax rate', scale: { min: 0, max: 100 } }],
    actors: [
      { id: 'A', name: 'Left', capability: 1, stances: { TAX: { position: 20, salience: 0.5 } } },
      { id: 'B', name: 'Right', capability: 2, stances: { TAX: { position: 80, salience: 0.5 } } },
    ],
  };
}

/** Problems as `[code, path]` pairs, for compact assertions. */
function codesAndPaths(data: unknown): [string, string][] {
  return validateScenario(data).problems.map((p) => [p.code, formatPath(p.path)]);
}

describe('validateScenario', () => {
  it('accepts a valid minimal scenario and returns it', () => {
    expect(validateScenario(minimal())).toEqual({ scenario: minimal(), problems: [] });
  });

  it('accepts every optional part: sources, evidence, ranges, anchors, inactive actors, variants', () => {
    const scenario: Scenario = {
      ...minimal(),
      asOf: '2024-11-21',
      sources: [{ id: 'speech', date: '2024-11-20', kind: 'official' }],
      issues: [{ id: 'TAX', name: 'Tax rate', scale: { min: 0, max: 100 }, anchors: { '0': 'none', '100': 'all' }, statusQuo: 40 }],
      actors: [
        ...minimal().actors,
        {
          id: 'C',
          name: 'Centre',
          capability: { low: 1, mode: 2, high: 3 },
          active: false,
          stances: {
            TAX: {
              position: { low: 40, mode: 50, high: 60 },
              salience: { low: 0.2, mode: 0.3, high: 0.3 },
              evidence: [{ source: 'speech', paragraph: 3, quote: 'a fair rate', note: 'est: tone' }],
            },
          },
        },
      ],
      variants: [
        {
          id: 'centre-joins',
          changes: [
            { actor: 'C', active: true },
            { actor: 'C', capability: 5 },
            { actor: 'A', issue: 'TAX', salience: { low: 0.4, mode: 0.6, high: 0.8 } },
            { issue: 'TAX', statusQuo: 10 },
          ],
        },
      ],
    };
    expect(validateScenario(scenario).problems).toEqual([]);
  });

  it('reports every problem at once, shape and rules together', () => {
    const scenario = minimal() as unknown as { actors: Record<string, unknown>[] };
    scenario.actors[0]!.capability = 'high';
    scenario.actors[1]!.id = 'A';
    scenario.actors[1]!.stances = { TAX: { position: 120, salience: 0.5 }, TAXES: { position: 1, salience: 1 } };
    expect(codesAndPaths(scenario)).toEqual([
      ['capability', 'actors[0].capability'],
      ['duplicate-id', 'actors[1].id'],
      ['out-of-scale', 'actors[1].stances.TAX.position'],
      ['unknown-issue', 'actors[1].stances.TAXES'],
    ]);
    expect(validateScenario(scenario).scenario).toBeUndefined();
  });

  it('never throws, whatever the data', () => {
    const oddities: unknown[] = [
      undefined,
      null,
      0,
      'scenario',
      [],
      [1],
      { issues: {}, actors: 'none', variants: 'v' },
      { issues: [null, 1, { scale: 'wide' }], actors: [null, 1, 'a', [], { stances: [] }, { stances: { X: null } }] },
      { variants: [{ changes: [null, 1, [], {}, { actor: 1, issue: {} }] }] },
      { actors: [{ stances: { X: { position: { low: 'a' }, evidence: [null, { source: 3, quote: 4 }] } } }] },
    ];
    for (const data of oddities) {
      expect(() => validateScenario(data)).not.toThrow();
      expect(validateScenario(data).problems.length).toBeGreaterThan(0);
    }
  });

  it('counts only active actors that hold a stance when an issue needs two', () => {
    const scenario = minimal();
    scenario.actors[1]!.active = false;
    expect(codesAndPaths(scenario)).toEqual([['too-few-actors', 'issues[0]']]);
    expect(validateScenario(scenario).problems[0]!.message).toBe('issue `TAX` has only one active actor with a stance; it needs at least two');
  });

  it('lets a variant add a stance when it gives both position and salience', () => {
    const scenario = minimal();
    scenario.issues.push({ id: 'SPEND', name: 'Spending', scale: { min: 0, max: 10 } });
    scenario.actors[0]!.stances.SPEND = { position: 1, salience: 1 };
    scenario.actors[1]!.stances.SPEND = { position: 9, salience: 1 };
    delete scenario.actors[0]!.stances.TAX;
    scenario.actors.push({ id: 'C', name: 'C', capability: 1, stances: { TAX: { position: 50, salience: 1 } } });
    scenario.variants = [{ id: 'v', changes: [{ actor: 'A', issue: 'TAX', position: 5, salience: 0.5 }] }];
    expect(validateScenario(scenario).problems).toEqual([]);
  });

  it("checks a variant's values against the issue's scale and range order", () => {
    const scenario = minimal();
    scenario.variants = [
      {
        id: 'v',
        changes: [
          { actor: 'A', issue: 'TAX', position: { low: 10, mode: 5, high: 130 } },
          { issue: 'TAX', statusQuo: 101 },
          { actor: 'B', capability: { low: 3, mode: 2, high: 4 } },
        ],
      },
    ];
    expect(codesAndPaths(scenario)).toEqual([
      ['out-of-scale', 'variants[0].changes[0].position.high'],
      ['range-order', 'variants[0].changes[0].position'],
      ['out-of-scale', 'variants[0].changes[1].statusQuo'],
      ['range-order', 'variants[0].changes[2].capability'],
    ]);
  });

  it('reports a misspelt field once, not also as a missing field', () => {
    const scenario = minimal() as unknown as { actors: { stances: { TAX: Record<string, unknown> } }[] };
    scenario.actors[0]!.stances.TAX = { position: 20, salinece: 0.5 };
    expect(validateScenario(scenario).problems).toEqual([
      {
        code: 'unknown-field',
        path: ['actors', 0, 'stances', 'TAX', 'salinece'],
        message: 'unknown field `salinece`; did you mean `salience`?',
        hint: 'rename it to `salience`',
      },
    ]);
  });

  it('says what was expected and what was found', () => {
    const scenario = minimal() as unknown as Record<string, unknown>;
    scenario.parley = 2;
    delete scenario.title;
    expect(validateScenario(scenario).problems).toEqual([
      { code: 'version', path: ['parley'], message: 'parley must be 1, got 2', hint: 'write `parley: 1`; this is the only file version so far' },
      { code: 'required', path: ['title'], message: 'missing required field `title`', hint: 'add `title:` with text' },
    ]);
  });
});

describe('problems', () => {
  it('writes paths as people do', () => {
    expect(formatPath(['actors', 3, 'stances', 'FORCES', 'salience'])).toBe('actors[3].stances.FORCES.salience');
    expect(formatPath(['actors', 0, 'stances', 'trade policy'])).toBe('actors[0].stances["trade policy"]');
    expect(formatPath([])).toBe('');
  });

  it('formats a problem as file:line:column path: message (hint: ...), leaving out what is unknown', () => {
    const problem = {
      code: 'salience',
      path: ['actors', 3, 'stances', 'FORCES', 'salience'],
      message: 'salience must be between 0 and 1, got 1.4',
      hint: 'use 0..1; 0–100 values divide by 100',
    };
    expect(formatProblem({ ...problem, file: 'scenarios/x.yaml', line: 12, column: 17 })).toBe(
      'scenarios/x.yaml:12:17 actors[3].stances.FORCES.salience: salience must be between 0 and 1, got 1.4 ' + '(hint: use 0..1; 0–100 values divide by 100)',
    );
    expect(formatProblem(problem)).toBe(
      'actors[3].stances.FORCES.salience: salience must be between 0 and 1, got 1.4 (hint: use 0..1; 0–100 values divide by 100)',
    );
    expect(formatProblem({ code: 'file', path: [], message: 'file not found', file: 'x.yaml' })).toBe('x.yaml: file not found');
  });

  it('suggests the closest field for a likely typo only', () => {
    expect(closestMatch('salinece', ['position', 'salience', 'evidence'])).toBe('salience'); // one swap
    expect(closestMatch('capabilty', ['capability', 'active'])).toBe('capability'); // one deletion
    expect(closestMatch('Salience', ['salience'])).toBe('salience'); // case ignored
    expect(closestMatch('weight', ['position', 'salience', 'evidence'])).toBeUndefined();
    expect(closestMatch('ab', ['id'])).toBeUndefined(); // too short to guess
  });
});

describe('schema', () => {
  it('gives a JSON Schema that is plain JSON and describes the file', () => {
    const schema = JSON.parse(JSON.stringify(scenarioJsonSchema()));
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(['parley', 'id', 'title', 'issues', 'actors']);
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.parley).toMatchObject({ const: 1 });
    expect(schema.properties.actors.type).toBe('array');
    const stance = schema.properties.actors.items.properties.stances.additionalProperties;
    expect(stance.properties.salience.anyOf[0]).toEqual({ type: 'number', minimum: 0, maximum: 1 });
    expect(schema.properties.actors.items.properties.capability.anyOf[0]).toEqual({ type: 'number', minimum: 1e-9, maximum: 1e9 });
  });

  it('lists the fields an object may have at a path, through lists, maps and ranges', () => {
    expect(fieldsAt(['actors', 0, 'stances', 'TAX'])).toEqual(['position', 'salience', 'capability', 'evidence']);
    expect(fieldsAt(['actors', 0, 'stances', 'TAX', 'salience'])).toEqual(['low', 'mode', 'high']);
    expect(fieldsAt(['actors', 0, 'stances'])).toBeUndefined();
  });
});
