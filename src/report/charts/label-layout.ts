/**
 * Label layout in pixels: the anchors' meanings under an axis and labels spread apart,
 * placed before drawing so that the layout does not depend on a renderer's text metrics
 * (text is estimated generously, 0.6 em a character).
 */
import { anchorsOf, type xOnScale } from './layers.js';
import { characterWidth, smallFontSize } from './theme.js';
import type { ChartIssue } from './types.js';

export const anchorLineHeight = 12;

/** One anchor's meaning placed under the forecast chart's axis. */
export interface AnchorLabel {
  point: number;
  /** Pixel centre of the label (the anchor's position on the axis). */
  centre: number;
  width: number;
  lines: string[];
  lane: number;
  /** Pixel offset of the label's first line from the top of the plot. */
  top: number;
}

/**
 * The anchors' meanings under an axis of `width` pixels, each centred under its anchor and
 * wrapped to fit between its neighbours. When neighbours are too close for a readable width
 * (under 100 px), every second (then third) label moves to a lane below, so no two labels in a
 * lane overlap.
 *
 * Cost: O(anchors × lanes).
 *
 * @param top pixel offset of the first lane from the top of the plot
 */
export function anchorLabelLayout(issue: ChartIssue, width: number, top: number): AnchorLabel[] {
  const anchors = anchorsOf(issue);
  if (anchors.length === 0) return [];
  const span = issue.scale.max - issue.scale.min;
  const centres = anchors.map((anchor) => (span > 0 ? ((anchor.point - issue.scale.min) / span) * width : width / 2));
  const maxWidth = 200;
  const gutter = 10;
  const widthsFor = (lanes: number) =>
    centres.map((centre, index) => {
      const left = index - lanes >= 0 ? centre - centres[index - lanes]! : Number.POSITIVE_INFINITY;
      const right = index + lanes < centres.length ? centres[index + lanes]! - centre : Number.POSITIVE_INFINITY;
      return Math.min(maxWidth, Math.min(left, right) - gutter);
    });
  let lanes = 1;
  let widths = widthsFor(1);
  while (lanes < 3 && Math.min(...widths) < 100) {
    lanes++;
    widths = widthsFor(lanes);
  }
  const charactersPerLine = (pixels: number) => Math.max(8, Math.floor(pixels / (smallFontSize * characterWidth)));
  const wrapped = anchors.map((anchor, index) => wrapText(anchor.label, charactersPerLine(widths[index]!)));
  const laneTops: number[] = [];
  let next = top;
  for (let lane = 0; lane < lanes; lane++) {
    laneTops.push(next);
    const tallest = Math.max(0, ...wrapped.filter((_, index) => index % lanes === lane).map((lines) => lines.length));
    next += tallest * anchorLineHeight + 10;
  }
  return anchors.map((anchor, index) => ({
    point: anchor.point,
    centre: centres[index]!,
    width: widths[index]!,
    lines: wrapped[index]!,
    lane: index % lanes,
    top: laneTops[index % lanes]!,
  }));
}

/**
 * Text broken into lines of at most `maxCharacters`, at spaces where it can, inside a word
 * only when the word alone is longer than a line.
 *
 * @example wrapText('no Western troops on Ukrainian soil', 16) // ['no Western', 'troops on', 'Ukrainian soil']
 */
export function wrapText(text: string, maxCharacters: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text
    .trim()
    .split(/\s+/)
    .filter((part) => part !== '')) {
    let rest = word;
    while (rest.length > maxCharacters) {
      if (line) {
        lines.push(line);
        line = '';
      }
      lines.push(`${rest.slice(0, maxCharacters - 1)}-`);
      rest = rest.slice(maxCharacters - 1);
    }
    if (!line) line = rest;
    else if (line.length + 1 + rest.length <= maxCharacters) line += ` ${rest}`;
    else {
      lines.push(line);
      line = rest;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/**
 * Label positions as close as possible to their targets with at least `gap` between
 * neighbours, kept within [low, high] when there is room (otherwise centred on the range).
 * Returns the positions in the input order.
 *
 * Order-preserving least-squares placement: labels sorted by target, then clusters that would
 * overlap are merged and each cluster centred on the mean of its targets (the pool-adjacent-
 * violators idea of isotonic regression). Cost: O(n log n) for the sort, O(n) amortised after.
 *
 * @example spreadLabels([50, 50, 100], 12, 0, 300) // [44, 56, 100]
 */
export function spreadLabels(targets: readonly number[], gap: number, low: number, high: number): number[] {
  const order = targets.map((_, index) => index).sort((a, b) => targets[a]! - targets[b]! || a - b);
  // A cluster holds consecutive labels (in sorted order) placed `gap` apart from `start`; `sum`
  // adds each member's target less its offset in the cluster, so the best start is sum / count.
  const clusters: Array<{ first: number; count: number; sum: number; start: number }> = [];
  const clamp = (cluster: { count: number; start: number }) => {
    const extent = (cluster.count - 1) * gap;
    if (extent > high - low) return low + (high - low - extent) / 2;
    return Math.min(Math.max(cluster.start, low), high - extent);
  };
  order.forEach((index, rank) => {
    let cluster = { first: rank, count: 1, sum: targets[index]!, start: targets[index]! };
    cluster.start = clamp(cluster);
    while (clusters.length > 0) {
      const previous = clusters[clusters.length - 1]!;
      if (previous.start + previous.count * gap <= cluster.start) break;
      clusters.pop();
      const count = previous.count + cluster.count;
      const sum = previous.sum + cluster.sum - cluster.count * previous.count * gap;
      cluster = { first: previous.first, count, sum, start: 0 };
      cluster.start = clamp({ count, start: sum / count });
    }
    clusters.push(cluster);
  });
  const positions = new Array<number>(targets.length);
  for (const cluster of clusters) {
    for (let offset = 0; offset < cluster.count; offset++) positions[order[cluster.first + offset]!] = cluster.start + offset * gap;
  }
  return positions;
}

export function anchorLabelLayers(labels: AnchorLabel[], x: ReturnType<typeof xOnScale>) {
  if (labels.length === 0) return [];
  return [
    {
      data: { values: labels.map((label) => ({ point: label.point, top: label.top, lines: label.lines })) },
      mark: {
        type: 'text' as const,
        align: 'center' as const,
        baseline: 'top' as const,
        fontSize: smallFontSize,
        lineHeight: anchorLineHeight,
        color: '#333333',
      },
      encoding: {
        x: { ...x, field: 'point' },
        y: { field: 'top', type: 'quantitative' as const, scale: null },
        text: { field: 'lines' },
      },
    },
  ];
}
