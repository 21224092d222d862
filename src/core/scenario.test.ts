import { describe, expect, it } from 'vitest';
import { anchorPoints, nearestAnchor } from './scenario.js';

describe('anchors', () => {
  const anchors = { 100: 'all', 0: 'none', 50: 'half', x: 'not a point', 120: 'off the scale' };

  it('are points, ascending; keys that are not numbers are left out, and off-scale points when a scale is given', () => {
    expect(anchorPoints(anchors).map((anchor) => anchor.point)).toEqual([0, 50, 100, 120]);
    expect(anchorPoints(anchors, { min: 0, max: 100 }).map((anchor) => anchor.point)).toEqual([0, 50, 100]);
    expect(anchorPoints(undefined)).toEqual([]);
  });

  it('the nearest is the lower one on a tie', () => {
    expect(nearestAnchor(anchors, 25, { min: 0, max: 100 })?.label).toBe('none');
    expect(nearestAnchor(anchors, 26, { min: 0, max: 100 })?.label).toBe('half');
    expect(nearestAnchor(anchors, 119, { min: 0, max: 100 })?.label).toBe('all');
    expect(nearestAnchor(anchors, 119)?.label).toBe('off the scale');
    expect(nearestAnchor({}, 3)).toBeUndefined();
  });
});
