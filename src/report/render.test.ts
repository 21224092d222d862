import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadScenarioFile } from '../io/scenario-file.js';
import type { Scenario } from '../core/scenario.js';
import { chartKinds, forecastChart, type ChartSpec } from './charts.js';
import { figure } from './figures.js';
import { prefixIds, renderSvg, svgToPng } from './render.js';
import { textWidth } from './text-metrics.js';

const defaultFile = fileURLToPath(new URL('../../scenarios/ukraine-2024-11.yaml', import.meta.url));

/** Width and height from a PNG's IHDR chunk. */
function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

describe('every chart kind on the default scenario', () => {
  let scenario: Scenario;
  beforeAll(() => {
    scenario = loadScenarioFile(defaultFile, 'ukraine-2024-11.yaml').scenario!;
  });

  it.each(chartKinds)('%s renders to SVG and PNG', async (kind) => {
    const spec = await figure(scenario, { kind, issue: 'FORCES', draws: 20, seed: 1 });
    const svg = await renderSvg(spec);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('FORCES');
    // Generic families only: the figure looks the same wherever it is opened.
    const families = new Set([...svg.matchAll(/font-family="([^"]+)"/g)].map((match) => match[1]));
    expect([...families]).toEqual(['sans-serif']);
    const png = svgToPng(svg, { scale: 1 });
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const { width, height } = pngSize(png);
    const svgWidth = Number(/width="([\d.]+)"/.exec(svg)![1]);
    expect(width).toBe(Math.round(svgWidth));
    expect(height).toBeGreaterThan(100);
  });
});

describe('renderSvg', () => {
  it('loads nothing from outside: a spec that asks for a URL fails', async () => {
    const spec = { data: { url: 'https://example.org/data.json' }, mark: 'point', encoding: { x: { field: 'a', type: 'quantitative' } } } as ChartSpec;
    await expect(renderSvg(spec)).rejects.toThrow(/load no data from outside/);
  });

  it('sizes a chart to its text: no blank margin beyond the longest line', async () => {
    // A title far longer than the plot: the SVG must be about as wide as its longest line.
    const issue = { id: 'X', name: 'A name long enough to be wider than the plot itself, and wider than the subtitle too', scale: { min: 0, max: 10 } };
    const spec = forecastChart(issue, [{ model: 'm', forecast: 5 }], { width: 200 });
    const svg = await renderSvg(spec);
    const width = Number(/width="([\d.]+)"/.exec(svg)![1]);
    const title = spec.title as { text: string; subtitle: string[] };
    const longest = Math.max(textWidth(title.text, 14, true), ...title.subtitle.map((line) => textWidth(line, 11)));
    expect(width).toBeGreaterThan(longest);
    expect(width).toBeLessThan(longest + 60);
  });

  it('text is escaped by Vega’s SVG writer', async () => {
    const issue = { id: 'X', name: '<script>alert(1)</script> & co', scale: { min: 0, max: 10 } };
    const svg = await renderSvg(forecastChart(issue, [{ model: 'm', forecast: 5 }]));
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; co');
  });
});

describe('helpers', () => {
  it('prefixIds renames ids and the references to them, and nothing else', () => {
    const svg = '<svg><defs><linearGradient id="g1"/></defs><rect fill="url(#g1)"/><use href="#g1"/><a href="#elsewhere"/></svg>';
    expect(prefixIds(svg, 'f')).toBe('<svg><defs><linearGradient id="f-g1"/></defs><rect fill="url(#f-g1)"/><use href="#f-g1"/><a href="#elsewhere"/></svg>');
  });

  it('textWidth: DejaVu Sans advance widths (hmtx, 2048 units an em)', () => {
    // m 1995, e 1260, d 1300, i 569, a 1255, n 1298 units of 2048, rounded to thousandths: 3749/1000 em.
    expect(textWidth('median', 10)).toBeCloseTo(37.49, 10);
    expect(textWidth('median', 10, true)).toBeGreaterThan(textWidth('median', 10));
  });
});
