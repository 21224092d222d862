/**
 * Where the nodes of a YAML file start, as a tree that a problem's path walks down: for the
 * `yaml` package's document, and for a plain file (`readPlainYaml`) without that package.
 *
 * The `yaml` package reads about 1 MB a second of CPU (a 455 KB file of 5,005 actors took
 * 1.2 s), and it was used for every file with a problem only to place the problems on their
 * lines. A plain file is now read once more by js-yaml (about 12× faster), with a listener that
 * sees each node open and close; from those events `plainYamlPlaces` builds the start of every
 * node exactly where the `yaml` package's node range starts: a scalar's first character or
 * quote, a flow collection's bracket, a block map's first key, a block list's first `-`, and an
 * empty value just after its `:` or `-` and the spaces that follow. Linear in the file's size.
 *
 * Where a plain file could hold something the `yaml` package reports as an error and js-yaml
 * reads (a tab as indentation, a carriage return alone, a comment glued to a quote or bracket, an implicit key
 * over 1024 characters), or where the events do not fit the data, `plainYamlPlaces` gives
 * undefined and the caller reads the file with the `yaml` package, as before.
 * `yaml-places.test.ts` compares both trees on every path of shipped scenarios, fuzzed files
 * and hand-written edge cases.
 */
import jsYaml from 'js-yaml';
import type * as YamlPackage from 'yaml';
import type { Document, LineCounter, Pair, YAMLMap } from 'yaml';
import { CORE_AS_YAML_PACKAGE, propertyEnd, YAML_PACKAGE_ERRORS } from './yaml-fast.js';

export interface Place {
  line: number;
  column: number;
}

/** A document's nodes as a problem's path walks them; `N` is the reader's node. */
export interface NodeTree<N> {
  root: N | undefined;
  /** The node at `segment` of `node` and, in a map, its key; undefined when there is none. */
  child(node: N | undefined, segment: string | number): { node: N | undefined; key: N | undefined } | undefined;
  isCollection(node: N | undefined): boolean;
  /** Where the node starts, or undefined for a node without a place (a key without a value). */
  place(node: N | undefined): Place | undefined;
}

/**
 * Where a path is in the document. A missing field points at the nearest parent that exists;
 * a map reached through a key, and a problem about the key itself (`aboutKey`), point at the
 * key (`salinece:`), everything else at the value.
 */
export function placeOfPath<N>(tree: NodeTree<N>, path: readonly (string | number)[], aboutKey: boolean): Place | undefined {
  let node = tree.root;
  let key: N | undefined;
  for (const segment of path) {
    const next = tree.child(node, segment);
    if (next === undefined) break;
    ({ node, key } = next);
  }
  const pointAtKey = key !== undefined && (aboutKey || tree.isCollection(node) || tree.place(node) === undefined);
  return tree.place(pointAtKey ? key : node);
}

// ---------------------------------------------------------------------------------------
// The `yaml` package's document

/**
 * The `yaml` package's document as a tree of places (`yaml` is the package, which the caller
 * loads on first use). A map's pairs are looked up by their key as text (`2024:` in YAML is a
 * number key, but `'2024'` in the path), the first of each, in an index made once per map, so
 * that many problems in one large map stay linear.
 */
export function documentTree(yaml: typeof YamlPackage, doc: Document, lineCounter: LineCounter): NodeTree<unknown> {
  const indexes = new WeakMap<YAMLMap, Map<string, Pair>>();
  const pairsOf = (map: YAMLMap) => {
    let index = indexes.get(map);
    if (index === undefined) {
      index = new Map();
      for (const pair of map.items) {
        if (!yaml.isScalar(pair.key)) continue;
        const name = String(pair.key.value);
        if (!index.has(name)) index.set(name, pair);
      }
      indexes.set(map, index);
    }
    return index;
  };
  // What each alias names, found in one visit: `Alias.resolve` visits the whole document on
  // every call, so many problems under aliases would cost the document's size each.
  let targets: Map<unknown, unknown> | undefined;
  const targetOf = (alias: unknown) => {
    if (targets === undefined) {
      const found = new Map<unknown, unknown>();
      const anchored = new Map<string, unknown>();
      yaml.visit(doc, {
        Node(_key, node) {
          if (yaml.isAlias(node)) found.set(node, anchored.get(node.source));
          else if (node.anchor !== undefined) anchored.set(node.anchor, node);
        },
      });
      targets = found;
    }
    return targets.get(alias);
  };
  return {
    root: doc.contents ?? undefined,
    child(node, segment) {
      const resolved = yaml.isAlias(node) ? targetOf(node) : node;
      if (yaml.isSeq(resolved) && typeof segment === 'number') {
        return segment < resolved.items.length ? { node: resolved.items[segment], key: undefined } : undefined;
      }
      if (!yaml.isMap(resolved)) return undefined;
      const pair = pairsOf(resolved).get(String(segment));
      return pair === undefined ? undefined : { node: pair.value, key: pair.key };
    },
    isCollection: (node) => yaml.isCollection(node),
    place(node) {
      if (!hasRange(node)) return undefined;
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    },
  };
}

function hasRange(node: unknown): node is { range: [number, number, number] } {
  return typeof node === 'object' && node !== null && Array.isArray((node as { range?: unknown }).range);
}

// ---------------------------------------------------------------------------------------
// Plain files, from js-yaml's events

/** A node of a plain file: where it starts (an offset in the text) and what it holds. */
export type PlainNode =
  | { kind: 'scalar'; start: number }
  | { kind: 'map'; start: number; pairs: Map<string, { key: PlainNode; value: PlainNode | undefined }> }
  | { kind: 'seq'; start: number; items: PlainNode[] }
  /** An alias of a map or list: placed at its `*`, its children are what it names. */
  | { kind: 'alias'; start: number; target: PlainNode };

/** The `yaml` package's limit on an implicit key of a block map, from its start to the `:`. */
const IMPLICIT_KEY_CHARS = 1024;

/** A composed node as js-yaml closed it: its span, js-yaml's kind and value, and our node (none when empty). */
interface Closed {
  open: number;
  close: number;
  kind: string | null;
  result: unknown;
  node: PlainNode | undefined;
}

/** Thrown inside the listener when the events do not fit; the file goes to the `yaml` package. */
class NotPlaceable extends Error {}

/**
 * The places of a plain file's nodes, or undefined when they are the `yaml` package's to find
 * (see the file's comment). Call only with text `readPlainYaml` reads.
 */
export function plainYamlPlaces(text: string): NodeTree<PlainNode> | undefined {
  if (YAML_PACKAGE_ERRORS.test(text)) return undefined;
  // js-yaml drops a byte order mark; the `yaml` package counts it.
  const shift = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const source = shift === 0 ? text : text.slice(1);
  const open: { at: number; children: Closed[] }[] = [];
  const anchors = new Map<string, Closed>();
  let root: Closed | undefined;
  try {
    jsYaml.load(source, {
      schema: CORE_AS_YAML_PACKAGE,
      listener(event, state) {
        if (event === 'open') {
          open.push({ at: state.position, children: [] });
          return;
        }
        const frame = open.pop()!;
        const closed = closeNode(source, frame.at, state.position, state.kind as string | null, state.result, frame.children, anchors);
        if (open.length === 0) root = closed;
        else open.at(-1)!.children.push(closed);
      },
    });
  } catch {
    return undefined;
  }
  if (root?.node === undefined) return undefined;
  const lines = lineStarts(text);
  return {
    root: root.node,
    child(from, segment) {
      // The `yaml` package resolves an alias and goes on in what it names (`documentTree`).
      const node = from?.kind === 'alias' ? from.target : from;
      if (node?.kind === 'seq' && typeof segment === 'number') return segment < node.items.length ? { node: node.items[segment], key: undefined } : undefined;
      if (node?.kind !== 'map') return undefined;
      // Compare as text: `2024:` in YAML is a number key, but `'2024'` in the path.
      const pair = node.pairs.get(String(segment));
      return pair === undefined ? undefined : { node: pair.value, key: pair.key };
    },
    isCollection: (node) => node?.kind === 'map' || node?.kind === 'seq',
    place: (node) => (node === undefined ? undefined : linePlace(lines, node.start + shift)),
  };
}

/**
 * The node js-yaml has just closed. A node whose only child has its value is the same node
 * read through a failed attempt at a block map (`- x`, `- {a: 1}`): the child's node, with this
 * one's span (which starts where the parent's indicator ends). An anchored node is noted in
 * `anchors` by its name, as last defined, for the aliases after it.
 */
function closeNode(
  source: string,
  open: number,
  close: number,
  kind: string | null,
  result: unknown,
  children: Closed[],
  anchors: Map<string, Closed>,
): Closed {
  const only = children.length === 1 ? children[0]! : undefined;
  if (only !== undefined && only.kind === kind && Object.is(only.result, result)) return { open, close, kind, result, node: only.node };
  const from = skipSeparation(source, open);
  const start = skipProperties(source, from);
  // An alias is placed at its `*`, as the `yaml` package places its Alias node.
  if (source[start] === '*') {
    if (typeof result !== 'object' || result === null) return { open, close, kind: 'scalar', result, node: { kind: 'scalar', start } };
    const named = anchors.get(source.slice(start + 1, propertyEnd(source, start)));
    // An alias inside the collection it names (a cycle): that collection is not closed yet.
    if (named?.node === undefined || !Object.is(named.result, result)) throw new NotPlaceable('alias of an open collection');
    return { open, close, kind: 'alias', result, node: { kind: 'alias', start, target: named.node } };
  }
  let node: PlainNode | undefined;
  if (kind === 'scalar') node = { kind: 'scalar', start };
  else if (kind === 'mapping') node = mapNode(source, start, children);
  else if (kind === 'sequence') node = seqNode(source, start, close, children, (result as unknown[]).length);
  else if (kind !== null) throw new NotPlaceable(kind);
  const closed = { open, close, kind, result, node };
  for (let at = from; source[at] === '&' || source[at] === '!'; at = skipSeparation(source, propertyEnd(source, at))) {
    if (source[at] === '&') anchors.set(source.slice(at + 1, propertyEnd(source, at)), closed);
  }
  return closed;
}

/**
 * A map from its children: key, value, key, value…; a value js-yaml did not compose (`a:` then
 * a line less indented) is an empty value after the `:`, and a flow key without `:` has none.
 */
function mapNode(source: string, start: number, children: Closed[]): PlainNode {
  const flow = source[start] === '{';
  const pairs = new Map<string, { key: PlainNode; value: PlainNode | undefined }>();
  for (let index = 0; index < children.length; ) {
    const key = children[index]!;
    // js-yaml tries a key where a block map may go on, and stops when there is none.
    if (key.kind === null && index === children.length - 1) break;
    // The `yaml` package does not look up a pair by an alias as its key (`documentTree`).
    if (key.kind !== 'scalar' || key.node?.kind !== 'scalar' || source[key.node.start] === '*') throw new NotPlaceable('key');
    const colon = skipSpaces(source, key.close);
    const hasColon = source[colon] === ':';
    if (!flow && (!hasColon || colon - key.node.start > IMPLICIT_KEY_CHARS)) throw new NotPlaceable('block key');
    const next = children[index + 1];
    // A flow value is always composed after its `:`; a block value only on its key's line or
    // indented below it, and then js-yaml starts it right after the `:`.
    const isValue = hasColon && next !== undefined && (flow || next.open === colon + 1);
    if (flow && hasColon && !isValue) throw new NotPlaceable('flow value');
    const value = isValue ? (next.node ?? emptyAt(source, colon + 1)) : hasColon ? emptyAt(source, colon + 1) : undefined;
    index += isValue ? 2 : 1;
    const name = String(key.result);
    if (!pairs.has(name)) pairs.set(name, { key: key.node, value });
  }
  return { kind: 'map', start, pairs };
}

/**
 * A list from its children. A block list's entries are found by their `-`: between two
 * composed entries the text holds only spaces, comments and the `-` of each entry, the last
 * one the next entry's; an entry js-yaml did not compose is an empty value after its `-`.
 */
function seqNode(source: string, start: number, close: number, children: Closed[], length: number): PlainNode {
  if (source[start] === '[') {
    // `[a: 1]` is a list of one map, from two children; the `yaml` package places it.
    if (children.length !== length || children.some((child) => child.node === undefined)) throw new NotPlaceable('flow list');
    return { kind: 'seq', start, items: children.map((child) => child.node!) };
  }
  const items: PlainNode[] = [];
  let from = start;
  for (const child of children) {
    const dashes = dashesBetween(source, from, child.open);
    if (dashes.length === 0) throw new NotPlaceable('list entry');
    for (const dash of dashes.slice(0, -1)) items.push(emptyAt(source, dash + 1));
    items.push(child.node ?? emptyAt(source, dashes.at(-1)! + 1));
    from = child.close;
  }
  for (const dash of dashesBetween(source, from, close)) items.push(emptyAt(source, dash + 1));
  if (items.length !== length) throw new NotPlaceable('list length');
  return { kind: 'seq', start, items };
}

/** The `-` indicators in text that holds only them, spaces, line breaks and comments. */
function dashesBetween(source: string, from: number, to: number): number[] {
  const dashes: number[] = [];
  const end = Math.min(to, source.length);
  for (let at = from; at < end; at++) {
    const c = source[at];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') continue;
    if (c === '#') {
      const lineEnd = source.indexOf('\n', at);
      at = lineEnd < 0 || lineEnd > end ? end : lineEnd;
    } else if (c === '-') dashes.push(at);
    else throw new NotPlaceable('content between list entries');
  }
  return dashes;
}

/** Where the `yaml` package puts an empty value: after its indicator, its properties (`&a`, `!!str`) and the spaces and tabs that follow. */
function emptyAt(source: string, afterIndicator: number): PlainNode {
  let start = skipSpaces(source, afterIndicator);
  while (source[start] === '&' || source[start] === '!') start = skipSpaces(source, propertyEnd(source, start));
  return { kind: 'scalar', start };
}

function skipSpaces(source: string, at: number): number {
  let position = at;
  while (source[position] === ' ' || source[position] === '\t') position++;
  return position;
}

/**
 * Past a node's anchor and tag (`&a`, `!!str`) and the separation after each: the `yaml`
 * package's node range starts at the content, after its properties.
 */
function skipProperties(source: string, at: number): number {
  let position = at;
  while (source[position] === '&' || source[position] === '!') position = skipSeparation(source, propertyEnd(source, position));
  return position;
}

/** Past spaces, line breaks and comments: where a node js-yaml opened before them starts. */
function skipSeparation(source: string, at: number): number {
  let position = at;
  while (position < source.length) {
    const c = source[position];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') position++;
    else if (c === '#') {
      const lineEnd = source.indexOf('\n', position);
      position = lineEnd < 0 ? source.length : lineEnd;
    } else break;
  }
  return position;
}

/** The offset where each line starts, as the `yaml` package's LineCounter counts them (after each `\n`). */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) starts.push(at + 1);
  return starts;
}

/** Line and column (from 1) of an offset, by binary search over the line starts. */
export function linePlace(starts: number[], offset: number): Place {
  let low = 0;
  let high = starts.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (starts[middle]! < offset) low = middle + 1;
    else high = middle;
  }
  if (starts[low] === offset) return { line: low + 1, column: 1 };
  return { line: low, column: offset - starts[low - 1]! + 1 };
}
