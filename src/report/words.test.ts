import { describe, expect, it } from 'vitest';
import type { ChartIssue } from './charts.js';
import { describeForecasts, nearestIssueAnchor, roundingStep } from './words.js';

const forces: ChartIssue = {
  id: 'FORCES',
  name: 'Foreign troops',
  scale: { min: 0, max: 100 },
  anchors: { 0: 'allied forces in Ukraine', 50: 'no Western troops on Ukrainian soil', 75: 'guarantees through a mechanism that includes Russia' },
  statusQuo: 50,
};

const at = (...values: number[]) => values.map((forecast, index) => ({ model: `m${index + 1}`, forecast }));

describe('describeForecasts', () => {
  it('states the tightest majority range, rounded outwards to a twentieth of the scale, with its nearest anchor', () => {
    // Majority of five: three. Tightest three: 72, 74, 78 (width 6) → 70 to 80; middle 74 → anchor 75.
    expect(describeForecasts(forces, at(20, 72, 74, 78, 95))).toBe(
      'Most models (three of five) put FORCES between 70 and 80, nearest to 75: “guarantees through a mechanism that includes Russia”; that is above the status quo (50).',
    );
  });

  it('says "all" when every model agrees, and "at" when they agree exactly', () => {
    expect(describeForecasts(forces, at(48, 51))).toMatch(
      /^Both models put FORCES between 45 and 55, nearest to 50: .*; the status quo \(50\) lies in that range\.$/,
    );
    expect(describeForecasts(forces, at(50, 50, 50))).toMatch(/^All three models put FORCES at 50, nearest to 50/);
    // The count is of every forecast inside the stated range, not just the majority that chose it.
    expect(describeForecasts(forces, at(71, 72, 73, 74.5, 90))).toMatch(/^Most models \(four of five\) put FORCES between 70 and 75/);
  });

  it('says the models disagree when even the tightest majority spans more than a third of the scale', () => {
    expect(describeForecasts(forces, at(0, 10, 60, 100))).toBe(
      'The models disagree on FORCES: from 0 (m1) to 100 (m4); their middle is 10, nearest to 0: “allied forces in Ukraine”; the status quo (50) lies in that range.',
    );
  });

  it('names no anchor when the issue has none, and no status quo when it has none', () => {
    expect(describeForecasts({ id: 'X', name: 'X', scale: { min: 0, max: 10 } }, at(3.2, 3.9))).toBe('Both models put X between 3 and 4.');
  });
});

describe('helpers', () => {
  it('roundingStep: 1, 2 or 5 × a power of ten near a twentieth of the span', () => {
    expect([roundingStep(100), roundingStep(10), roundingStep(1), roundingStep(30), roundingStep(6)]).toEqual([5, 0.5, 0.05, 2, 0.5]);
  });

  it('nearestIssueAnchor takes the lower anchor on a tie', () => {
    expect(nearestIssueAnchor(forces, 62.5)?.point).toBe(50);
    expect(nearestIssueAnchor(forces, 63)?.point).toBe(75);
  });
});
