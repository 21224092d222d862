/**
 * The charts' look: the Vega-Lite schema, fonts, colours and shared config, and number
 * labels.
 */

export const schema = 'https://vega.github.io/schema/vega-lite/v6.json';
const font = 'sans-serif';
export const fontSize = 11;
export const smallFontSize = 10;
/** Estimated width of a character, in em: generous, so estimated text is never narrower than drawn text. */
export const characterWidth = 0.6;

export const colours = {
  ink: '#222222',
  muted: '#555555',
  anchor: '#d4d4d4',
  statusQuo: '#c0392b',
  forecast: '#1f4e89',
  median: '#e6550d',
  mean: '#555555',
} as const;

/** Twenty colours dark enough for text on white, and none orange (the median's colour). */
export const actorPalette = [
  '#1f77b4',
  '#d62728',
  '#2ca02c',
  '#9467bd',
  '#8c564b',
  '#c2388f',
  '#555555',
  '#7f7a00',
  '#0f7f8c',
  '#393b79',
  '#637939',
  '#8c6d31',
  '#843c39',
  '#7b4173',
  '#3182bd',
  '#31a354',
  '#756bb1',
  '#17657d',
  '#a55194',
  '#6b6ecf',
];

export const config = {
  font,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: fontSize, titleFontSize: fontSize, titleFontWeight: 'normal' as const, labelColor: colours.ink, titleColor: colours.ink },
  legend: { labelFontSize: fontSize, titleFontSize: fontSize, titleFontWeight: 'normal' as const, labelLimit: 320 },
  title: { fontSize: 14, anchor: 'start' as const, subtitleFontSize: fontSize, subtitleColor: colours.muted, offset: 12 },
};

/** A number for a label: up to two decimals, no trailing zeros. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  return String(Math.round(value * 100) / 100);
}
