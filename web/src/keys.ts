/**
 * React keys for lists whose items carry no id of their own (problem messages, lines of an
 * explanation, rows of a score table): each item keyed by its content, a repeat keyed apart
 * by its occurrence, so a list that loses or gains a line keeps every other line's key, as an
 * index would not.
 */

export interface Keyed<T> {
  key: string;
  item: T;
}

/**
 * Each item with a key unique in the list: `1:content` for the first of its content, `2:content`
 * for the second, and so on (the count and the first colon keep any two keys apart). O(n).
 *
 * @example keyed(['a', 'b', 'a']).map((entry) => entry.key) // ['1:a', '1:b', '2:a']
 */
export function keyed<T>(items: readonly T[], contentOf: (item: T) => string = String): Keyed<T>[] {
  const occurrences = new Map<string, number>();
  return items.map((item) => {
    const content = contentOf(item);
    const occurrence = (occurrences.get(content) ?? 0) + 1;
    occurrences.set(content, occurrence);
    return { key: `${occurrence}:${content}`, item };
  });
}
