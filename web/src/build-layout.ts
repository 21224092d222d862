/**
 * Whether the Build grid fits beside the sources panel, or the sources go below it.
 *
 * The numbers are the page's own CSS (styles.css): the page's side padding, the sources column
 * (`minmax(300px, 32%)` of the build area), the gap between the two, and the grid's fixed
 * columns (an actor column of 150 px, an issue column of 86 px). Twelve issues need 1,184 px
 * of grid, which beside the sources fits from a window of about 1,800 px: below that the
 * sources move under the grid, so that no issue column is out of sight.
 */
export const buildLayout = {
  pagePadding: 34,
  sourcesMin: 300,
  sourcesShare: 0.32,
  gap: 12,
  actorColumn: 150,
  issueColumn: 86,
  border: 2,
} as const;

/** The width the grid needs to show every issue column, in CSS pixels. */
export function gridWidth(issueCount: number): number {
  return buildLayout.actorColumn + buildLayout.issueColumn * issueCount + buildLayout.border;
}

/** True when a grid of `issueCount` issues fits beside the sources in a window `windowWidth` wide. */
export function gridFitsBesideSources(windowWidth: number, issueCount: number): boolean {
  const area = windowWidth - buildLayout.pagePadding;
  const sources = Math.max(buildLayout.sourcesMin, buildLayout.sourcesShare * area);
  return gridWidth(issueCount) <= area - sources - buildLayout.gap;
}
