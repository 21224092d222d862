/**
 * Chart specs to pictures on Node, without a browser: Vega-Lite compiles a spec to Vega,
 * Vega's headless view draws it as SVG, and resvg (a Rust renderer shipped through npm)
 * rasterises the SVG to PNG. Nothing is loaded from the network: every spec carries its data
 * inline, and the loader below refuses anything else.
 */
import { Resvg } from '@resvg/resvg-js';
import * as vega from 'vega';
import { compile } from 'vega-lite';
import type { ChartSpec } from './charts.js';
import { textWidth } from './text-metrics.js';

interface TextItem {
  fontSize?: number;
  fontWeight?: string | number;
}

/**
 * Vega measures text with a canvas when one is installed and otherwise guesses 0.8 em a
 * character; neither fits: node-canvas downloads a binary at install time, and the guess
 * pads charts with blank space. Vega takes a user-defined measure (as vl-convert does):
 * the widths of the font resvg draws with. Truncation to a `limit` is measured the same way.
 */
const metrics = (vega as unknown as { textMetrics: { width: (item: TextItem, text: unknown) => number } }).textMetrics;
metrics.width = (item, text) => {
  const line = text === null || text === undefined ? '' : String(text).trim();
  const weight = item.fontWeight;
  const isBold = weight === 'bold' || (typeof weight === 'number' && weight >= 600) || (typeof weight === 'string' && Number(weight) >= 600);
  return textWidth(line, item.fontSize ?? 11, isBold);
};

/** A loader that loads nothing: a chart that asks for a URL or file is a bug, not a download. */
const offlineLoader = vega.loader();
offlineLoader.load = async (uri: string) => {
  throw new Error(`charts load no data from outside (asked for ${uri})`);
};

/**
 * The chart as a standalone SVG document (generic font families, no external references).
 *
 * @param idPrefix prefix for the ids inside the SVG (clip paths, gradients), so several SVGs
 *   can sit in one HTML page without their ids clashing
 */
export async function renderSvg(spec: ChartSpec, idPrefix?: string): Promise<string> {
  const { spec: vegaSpec } = compile(spec);
  // Vega logs a failed load and draws an empty chart; a chart that wants a URL is a bug, so say so.
  const external = (vegaSpec.data ?? []).find((data) => 'url' in data && data.url !== undefined);
  if (external) throw new Error(`charts load no data from outside (the spec asks for ${JSON.stringify((external as { url: unknown }).url)})`);
  const view = new vega.View(vega.parse(vegaSpec), { renderer: 'none', loader: offlineLoader, logLevel: vega.Warn });
  try {
    const svg = await view.toSVG();
    return idPrefix === undefined ? svg : prefixIds(svg, idPrefix);
  } finally {
    view.finalize();
  }
}

export interface PngOptions {
  /** Pixels per SVG unit; default 2 (sharp on high-density screens and in print). */
  scale?: number;
}

/** An SVG document as PNG bytes, text drawn with the system's fonts (generic families mapped to DejaVu where present). */
export function svgToPng(svg: string, options: PngOptions = {}): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: options.scale ?? 2 },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
    background: 'white',
  });
  return resvg.render().asPng();
}

/** The chart as PNG bytes. */
export async function renderPng(spec: ChartSpec, options: PngOptions = {}): Promise<Uint8Array> {
  return svgToPng(await renderSvg(spec), options);
}

/** Every `id="x"` and its references (`url(#x)`, `href="#x"`) renamed to `prefix-x`. */
export function prefixIds(svg: string, prefix: string): string {
  const ids = [...svg.matchAll(/\sid="([^"]+)"/g)].map((match) => match[1]!);
  if (ids.length === 0) return svg;
  const known = new Set(ids);
  return svg
    .replace(/(\sid=")([^"]+)(")/g, (whole, open: string, id: string, close: string) => (known.has(id) ? `${open}${prefix}-${id}${close}` : whole))
    .replace(/url\(#([^)]+)\)/g, (whole, id: string) => (known.has(id) ? `url(#${prefix}-${id})` : whole))
    .replace(/(href=")#([^"]+)(")/g, (whole, open: string, id: string, close: string) => (known.has(id) ? `${open}#${prefix}-${id}${close}` : whole));
}
