/** Source texts in scenario files: written by scenarioToYaml, read back by parseScenarioText, byte for byte. */
import { describe, expect, it } from 'vitest';
import type { Scenario } from '../core/scenario.js';
import { parseScenarioText, scenarioToYaml } from './scenario-file.js';

function budget(): Scenario {
  return {
    parley: 1,
    id: 'budget',
    title: 'Budget',
    sources: [{ id: 'minutes', title: 'Minutes' }, { id: 'press' }, { id: 'untexted', title: 'No text' }],
    issues: [{ id: 'CUT', name: 'Cut', scale: { min: 0, max: 20 } }],
    actors: [
      {
        id: 'treasurer',
        name: 'Treasurer',
        capability: 0.6,
        stances: { CUT: { position: 10, salience: 0.9, evidence: [{ source: 'minutes', paragraph: 2, quote: 'cut ten percent' }] } },
      },
      { id: 'unions', name: 'Unions', capability: 0.3, stances: { CUT: { position: 0, salience: 1 } } },
    ],
  };
}

// Texts as people paste them: paragraphs, indentation, YAML-looking lines, trailing spaces,
// no final newline or several, CRLF, tabs, quotes and non-Latin letters.
const texts = {
  minutes:
    'The council met at 9.\n\nThe treasurer proposed to cut ten percent.\n  - an indented line: with a colon\n# not a comment\n\n\n"quoted" and \'single\'   ',
  press: 'Заявление пресс-службы.\r\nSecond line\twith a tab\n\n',
};

describe('source texts in a scenario file', () => {
  it('survive scenarioToYaml and parseScenarioText exactly, and stay out of the scenario', () => {
    const yaml = scenarioToYaml(budget(), texts);
    expect(yaml).toContain('text:');
    const read = parseScenarioText(yaml, 'budget.yaml');
    expect(read.problems).toEqual([]);
    expect(read.scenario).toEqual(budget());
    expect({ ...read.texts }).toEqual(texts);
  });

  it('a file without texts reads with none, and a scenario without texts writes none', () => {
    const yaml = scenarioToYaml(budget());
    expect(yaml).not.toContain('text:');
    expect({ ...parseScenarioText(yaml, 'budget.yaml').texts }).toEqual({});
  });

  it('a text that is not text is a problem on its line', () => {
    const yaml = scenarioToYaml(budget()).replace('  - id: press\n', '  - id: press\n    text: [1, 2]\n');
    const read = parseScenarioText(yaml, 'budget.yaml');
    expect(read.scenario).toBeUndefined();
    expect(read.problems).toEqual([
      expect.objectContaining({ path: ['sources', 1, 'text'], message: "a source's text must be text", file: 'budget.yaml', line: 8 }),
    ]);
  });
});
