/**
 * How much a YAML file's aliases make its data grow. An alias (`*a`) of a map or list stands
 * for everything the anchored node holds, so nine aliases of nine aliases of … (an "alias
 * bomb", the billion laughs) make a few hundred bytes stand for billions of values: whatever
 * walks the data (validation, the models) would never finish. Both YAML readers give aliased
 * collections as one shared object, so reading stays linear; the data is refused when its
 * growth is over `LIMITS.aliasGrowth`, and every walk after that is bounded.
 *
 * Measured on the data, where each collection a text writes is one object and every other
 * reference to it is an alias: the values the data holds counting each collection each time it
 * is referenced (every walk's cost), minus the values the text writes (an alias counts as one).
 * The same number whichever reader made the data. A reference to a collection that holds it
 * (`&a [*a]`, a cycle) counts as one value, as if it were a leaf.
 */

/** The values aliases add to `root`'s data: 0 for a text without aliases of collections. */
export function aliasGrowth(root: unknown): number {
  if (root === null || typeof root !== 'object') return 0;
  const sizes = new Map<object, number>();
  const open = new Set<object>();
  // Values written: the root, and one for each child slot of each collection (a scalar, a
  // collection written there, or an alias).
  let written = 1;
  const stack: { node: object; children: unknown[]; next: number; size: number }[] = [];
  const enter = (node: object) => {
    const children = Array.isArray(node) ? node : Object.values(node);
    written += children.length;
    open.add(node);
    stack.push({ node, children, next: 0, size: 1 });
  };
  enter(root);
  let last = 0;
  while (stack.length > 0) {
    const frame = stack.at(-1)!;
    if (frame.next < frame.children.length) {
      const child = frame.children[frame.next++];
      if (child === null || typeof child !== 'object') frame.size += 1;
      else if (open.has(child)) frame.size += 1;
      else {
        const known = sizes.get(child);
        if (known !== undefined) frame.size += known;
        else enter(child);
      }
      continue;
    }
    stack.pop();
    open.delete(frame.node);
    sizes.set(frame.node, frame.size);
    last = frame.size;
    if (stack.length > 0) stack.at(-1)!.size += frame.size;
  }
  return last - written;
}
