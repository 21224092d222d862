/** The new-scenario table: pasted rows read into a scenario, every problem on its cell. */
import { describe, expect, it } from 'vitest';
import { blankDraft, cellAt, draftScenario, fromPaste } from '../../web/src/new-scenario.js';

/** The issue's city-budget build (5 actors, 2 issues), as a spreadsheet copies it: tab-separated. */
const cityBudget = [
  'actor\tcapability\tCUT position\tCUT salience\tPARKS position\tPARKS salience',
  'Mayor\t0.9\t10\t0.8\t40\t0.5',
  'Treasurer\t0.6\t15\t0.9\t20\t0.3',
  'Unions\t0.4\t0\t1\t60\t0.6',
  'Council\t0.7\t8\t0.6\t50\t0.4',
  'Residents\t0.3\t2\t0.5\t80\t0.9',
].join('\n');

describe('a new scenario from a pasted table', () => {
  it('reads a header row as the issues and each other row as an actor, and validates clean', () => {
    const draft = fromPaste({ ...blankDraft('City budget 2026') }, cityBudget);
    expect(draft.issues.map((issue) => issue.id)).toEqual(['CUT', 'PARKS']);
    const { scenario, problems } = draftScenario(draft);
    expect([...problems.entries()]).toEqual([]);
    expect(scenario.id).toBe('city-budget-2026');
    expect(scenario.actors.map((actor) => actor.id)).toEqual(['mayor', 'treasurer', 'unions', 'council', 'residents']);
    expect(scenario.actors[2]!.stances.CUT).toEqual({ position: 0, salience: 1 });
  });

  it('puts text that is not a number, and the validation’s own problems, on the cell they concern', () => {
    const draft = fromPaste(
      blankDraft('t'),
      cityBudget.replace('Treasurer\t0.6\t15\t0.9', 'Treasurer\tninety\t15\t1.4').replace('Unions\t0.4\t0\t1', 'Unions\t0.4\t0,7\t1'),
    );
    const { problems } = draftScenario(draft);
    expect(problems.get(cellAt.capability(1))?.[0]).toContain('“ninety” is not a number');
    expect(problems.get(cellAt.position(2, 0))?.[0]).toContain('write the decimal with a point, 0.7');
    expect(problems.get(cellAt.salience(1, 0))?.[0]).toContain('salience must be between 0 and 1');
  });

  it('asks for a title and names', () => {
    const { problems } = draftScenario(blankDraft());
    expect(problems.get(cellAt.title)).toEqual(['give the scenario a title']);
    expect(problems.get(cellAt.name(0))).toEqual(["give the actor's name"]);
  });
});
