/**
 * The limits of a scenario: how big a file, how deep, how long a text and how large a number
 * may be. They exist so that reading any input takes time linear in its size and every model
 * computes in finite arithmetic: without them a 40,000-character id made the "did you mean"
 * suggestion build a 1.6-billion-cell table, and a scale of ±1e308 overflowed to NaN.
 *
 * Each limit is far above what a real study needs (the largest DEU III scenario has 27
 * actors and 8 issues; KTAB's largest examples about 100 actors), and each problem that
 * breaks one names the limit. Pure: used by the schema, the file reader and the server.
 */

export const LIMITS = {
  /**
   * Bytes of a scenario file or a scenario sent to the server: 17 times the largest shipped
   * scenario, and room for 5,000 actors written one a line. The YAML parser reads about
   * 1 MB a second of CPU on the project's 2-core machine, so a file at the limit is read
   * in about a second and anything larger is refused before it is parsed.
   */
  fileBytes: 1024 * 1024,
  /**
   * Values that aliases of maps and lists may add to a file's data (each alias counts what it
   * names, every time it is used): about as many as a file at the size limit writes itself, and
   * far more than any reuse of a stance or an evidence list needs. An alias bomb (nine aliases
   * of nine aliases of …) is refused here before anything walks its billions of values.
   */
  aliasGrowth: 100_000,
  /** Nesting of maps and lists; a scenario file needs 6 (actors → stances → evidence). */
  depth: 16,
  /** Characters of an id (actors, issues, sources, variants). */
  idLength: 100,
  /** Characters of a name, title or other one-line text. */
  nameLength: 1_000,
  /** Characters of a description, note or quote. */
  textLength: 20_000,
  actors: 5_000,
  issues: 1_000,
  sources: 10_000,
  variants: 1_000,
  /** Changes in one variant. */
  changes: 10_000,
  /** Evidence entries on one stance or actor. */
  evidence: 1_000,
  /** Largest magnitude of a point on a scale (scale ends, positions, status quo). */
  scaleMagnitude: 1e9,
  /** Smallest width of a scale, max − min. */
  scaleWidth: 1e-6,
  /** Capability runs from this to its reciprocal: ratios up to 1e18 stay exact enough. */
  capabilityMin: 1e-9,
  capabilityMax: 1e9,
} as const;

/**
 * Text as messages show it: at most `length` characters, the rest replaced by `...` and a
 * count, so that an absurdly long id does not make an absurdly long message.
 *
 * @example shortText('a'.repeat(500), 10) // 'aaaaaaa... (500 characters)'
 */
export function shortText(text: string, length = 40): string {
  return text.length <= length ? text : `${text.slice(0, length - 3)}... (${text.length} characters)`;
}
