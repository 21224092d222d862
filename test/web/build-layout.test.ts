import { describe, expect, it } from 'vitest';
import { gridFitsBesideSources, gridWidth } from '../../web/src/build-layout.js';

describe('the Build grid beside or above the sources', () => {
  it('needs 150 px for actors and 86 px an issue, as the page measured (1,182 px of content and a border for twelve issues)', () => {
    expect(gridWidth(12)).toBe(1184);
    expect(gridWidth(2)).toBe(324);
  });

  it('keeps the grid beside the sources while its columns fit the box the page measured (835 px at 1280, 943 at 1440)', () => {
    expect(gridFitsBesideSources(1280, 2)).toBe(true);
    expect(gridFitsBesideSources(1280, 7)).toBe(true); // 754 px
    expect(gridFitsBesideSources(1280, 8)).toBe(false); // 840 px
    expect(gridFitsBesideSources(1440, 9)).toBe(true); // 926 px
    expect(gridFitsBesideSources(1440, 10)).toBe(false); // 1,012 px
  });

  it('moves the sources below the default scenario’s twelve issues up to a window of about 1,800 px', () => {
    expect(gridFitsBesideSources(1440, 12)).toBe(false);
    expect(gridFitsBesideSources(1790, 12)).toBe(false);
    expect(gridFitsBesideSources(1800, 12)).toBe(true);
    expect(gridFitsBesideSources(390, 1)).toBe(false);
  });
});
