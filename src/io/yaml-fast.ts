/**
 * A fast reader for the common case of a scenario file: plain YAML without anchors, aliases,
 * tags, directives or complex keys. The `yaml` package, which reads every file and points
 * each problem at its line, costs about 360 ms of CPU on the 98 KB default scenario in a
 * fresh process (about 5× a bare `node -e 0`); js-yaml reads the same file in about 70 ms.
 *
 * The two must give the same data, so js-yaml is given the YAML 1.2 core schema exactly as
 * the `yaml` package resolves it (the same patterns for null, booleans, integers and floats,
 * the same conversions; js-yaml's own core schema also reads `1_000` and `0b1` as numbers,
 * which YAML 1.2 reads as text), and every construct where the two packages could differ
 * sends the file to the `yaml` package instead: tags other than `!!str` on a scalar, an
 * anchor the two would put on different nodes (`nodePropertyListener`), `%` directives
 * (`%YAML 1.1` changes the schema), merge keys, complex and null keys, `__proto__`, anything
 * js-yaml rejects or warns about, and nesting beyond the limit. Anchors and aliases are read
 * here; an alias bomb is refused from js-yaml's data (`aliasGrowth`), as from the `yaml`
 * package's.
 * The caller uses this data only when it validates without a problem or a warning; every
 * other file is read again by the `yaml` package, which locates what is wrong.
 *
 * `yaml-fast.test.ts` compares both readers on every shipped scenario and on seeded
 * mutations of them.
 */
import jsYaml from 'js-yaml';
import { LIMITS } from '../core/limits.js';
import { aliasGrowth } from './alias-growth.js';

// YAML 1.2 core schema as the `yaml` package (2.x, src/schema/core) resolves plain scalars.
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT_OCT = /^0o[0-7]+$/;
const INT_DEC = /^[-+]?[0-9]+$/;
const INT_HEX = /^0x[0-9a-fA-F]+$/;
const FLOAT_NAN = /^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;
const FLOAT_EXP = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/;
const FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/;

const nullType = new jsYaml.Type('tag:yaml.org,2002:null', {
  kind: 'scalar',
  resolve: (data: string | null) => data === null || NULL.test(data),
  construct: () => null,
});
const boolType = new jsYaml.Type('tag:yaml.org,2002:bool', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && BOOL.test(data),
  construct: (data: string) => data[0] === 't' || data[0] === 'T',
});
const intType = new jsYaml.Type('tag:yaml.org,2002:int', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (INT_OCT.test(data) || INT_DEC.test(data) || INT_HEX.test(data)),
  construct: (data: string) =>
    INT_OCT.test(data) ? parseInt(data.substring(2), 8) : INT_HEX.test(data) ? parseInt(data.substring(2), 16) : parseInt(data, 10),
});
const floatType = new jsYaml.Type('tag:yaml.org,2002:float', {
  kind: 'scalar',
  resolve: (data: string | null) => data !== null && (FLOAT_NAN.test(data) || FLOAT_EXP.test(data) || FLOAT.test(data)),
  construct: (data: string) =>
    FLOAT_NAN.test(data)
      ? data.slice(-3).toLowerCase() === 'nan'
        ? Number.NaN
        : data[0] === '-'
          ? Number.NEGATIVE_INFINITY
          : Number.POSITIVE_INFINITY
      : parseFloat(data),
});

/** str, seq and map (the failsafe schema) plus the core scalars above, in the `yaml` package's order. */
export const CORE_AS_YAML_PACKAGE = jsYaml.FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType, intType, floatType] });

/**
 * Text that may hold a construct the two readers could read differently, other than a node
 * property: a directive, a merge key, an explicit (complex) key, a flow collection used as a key
 * (`[a]: 1`, `{[a]: 1}`), or `__proto__`. Conservative: such text in a comment or a quote matches
 * too, and such a file is only read more slowly.
 */
const UNSAFE = /^%|<<|^[ \t]*\?(?:[ \t]|$)|[[{,][ \t]*\?|__proto__|^[ \t]*(?:-[ \t]+)*[[{][^\n]*[\]}][ \t]*:(?:[ \t]|$)|[{,][ \t]*[[{]/m;

/**
 * Text that may hold a node property (`&anchor`, `*alias`, `!tag`) where a node may start.
 * Comments and prose such as "a *b* c" or a quoted "&x" match too; then the nodes js-yaml
 * reads are checked one by one (`nodePropertyListener`), so that only a real property sends the
 * file to the `yaml` package.
 */
const PROPERTY_LIKE = /(?:^|[\s[{,:?])(?:[&*]\S|!)/m;

/** Thrown inside the listener at the first node with a property. */
class HasNodeProperty extends Error {}

/**
 * The data of a YAML text as the `yaml` package would give it, or undefined when the text
 * holds a construct this reader leaves to the `yaml` package (see the file's comment).
 */
export function readPlainYaml(text: string): unknown {
  const read = readPlainYamlOrError(text);
  return read !== undefined && 'data' in read ? read.data : undefined;
}

/**
 * What the `yaml` package reports as an error in text js-yaml reads: a tab as indentation, a
 * carriage return that does not end a line, a comment right after a quote, bracket, comma or
 * colon. Conservative: any tab after nothing but spaces on its line (even inside a quote) and
 * any `"#` (even inside a quote) match.
 */
export const YAML_PACKAGE_ERRORS = /^ *\t|\r(?!\n)|["'[\]{},:]#/m;

/** An alias bomb: the values aliases add to the data (`aliasGrowth`), and where the first alias is (an offset in the text). */
export interface AliasBomb {
  aliasGrowth: number;
  at: number;
}

/**
 * `readPlainYaml`, or js-yaml's syntax error where it refuses a text without node properties
 * or unsafe constructs (`plainSyntaxError` says when it is one the `yaml` package reports too),
 * or an alias bomb (aliases that add more than `LIMITS.aliasGrowth` values), which the `yaml`
 * package's reading of the file would find before anything else.
 * Undefined when the text is the `yaml` package's to read: a node property (the listener's
 * `HasNodeProperty`), an unsafe construct, a warning, a stack overflow, or nesting too deep.
 */
export function readPlainYamlOrError(text: string): { data: unknown } | { error: jsYaml.YAMLException } | AliasBomb | undefined {
  if (UNSAFE.test(text)) return undefined;
  let data: unknown;
  let warned = false;
  const properties = PROPERTY_LIKE.test(text) ? nodePropertyListener() : undefined;
  try {
    data = jsYaml.load(text, {
      schema: CORE_AS_YAML_PACKAGE,
      onWarning: () => {
        warned = true;
      },
      ...(properties === undefined ? {} : { listener: properties.listener }),
    });
  } catch (error) {
    // `HasNodeProperty` (and a RangeError from deep nesting) sends the file to the `yaml` package.
    return error instanceof jsYaml.YAMLException && !warned ? { error } : undefined;
  }
  if (warned) return undefined;
  if (properties?.firstAlias !== undefined) {
    const growth = aliasGrowth(data);
    if (growth > LIMITS.aliasGrowth) {
      // The `yaml` package reports its syntax errors and nesting too deep before it looks at
      // aliases: leave the file to it where it may find either (js-yaml's events nest at least
      // as deep as the `yaml` package's nodes).
      if (YAML_PACKAGE_ERRORS.test(text) || properties.depth > LIMITS.depth) return undefined;
      // js-yaml drops a byte order mark, and counts offsets without it.
      return { aliasGrowth: growth, at: properties.firstAlias + (text.charCodeAt(0) === 0xfeff ? 1 : 0) };
    }
  }
  if (!plainKeysWithin(data, LIMITS.depth)) return undefined;
  return { data };
}

/**
 * js-yaml's syntax errors that are errors for the `yaml` package too (YAML 1.2 forbids what
 * they name), each with a hint; others (a duplicated key: js-yaml compares keys as text, the
 * `yaml` package `1` and `'1'` as different keys) are left to the `yaml` package.
 */
const PLAIN_SYNTAX_HINTS: [RegExp, string][] = [
  [/^bad indentation of a mapping entry$/, 'align entries of the same map at the same column, with spaces; quote text that contains ": "'],
  [/^bad indentation of a sequence entry$/, 'align entries of the same list at the same column, each with its "- ", with spaces'],
  [/^tab characters must not be used in indentation$/, 'indent with spaces, not tabs'],
  [
    /^unexpected end of the (?:stream|document) within a (?:flow collection|single quoted scalar|double quoted scalar)$/,
    'close the quote or bracket opened before this point',
  ],
  [/^missed comma between flow collection entries$/, 'separate the entries in [ ] or { } with commas'],
  [
    /^can not read (?:a block mapping entry; a multiline key may not be an implicit key|an implicit mapping pair; a colon is missed)$/,
    'quote text that contains ": ", or put the nested map on its own lines',
  ],
  [/^end of the stream or a document separator is expected$/, 'check the indentation on this line and the one before'],
];

/**
 * A syntax error js-yaml found in a plain text, as a message (its reason, e.g. "bad
 * indentation of a mapping entry"), a hint, and where (line and column from 1), when it is one
 * the `yaml` package reports too (`PLAIN_SYNTAX_HINTS`); else undefined.
 */
export function plainSyntaxError(error: jsYaml.YAMLException): { message: string; hint: string; line: number; column: number } | undefined {
  const found = PLAIN_SYNTAX_HINTS.find(([reason]) => reason.test(error.reason));
  // js-yaml counts a carriage return alone as a line break, the `yaml` package does not.
  if (found === undefined || error.mark === undefined || /\r(?!\n)/.test(error.mark.buffer)) return undefined;
  return { message: error.reason, hint: found[1], line: error.mark.line + 1, column: error.mark.column + 1 };
}

/**
 * A js-yaml listener that throws at the first node with a property the two readers could read
 * differently. js-yaml reads a node's properties first, right after the spaces, line breaks and
 * comments that separate it from what comes before, so a node has one exactly when its first
 * character after them is `&`, `!` or `*` (none of which may start a plain scalar).
 *
 * Read here, as the `yaml` package reads them: anchors and aliases, and the tag `!!str` on a
 * scalar (js-yaml refuses it on a collection). Thrown at: any other tag, and an anchor on a
 * block map or list whose content starts on the anchor's line (`- &a x: 1`: the `yaml` package
 * anchors the key, js-yaml the map), and an anchor on a collection that holds another node with
 * the same anchor name (`&a [&a 1]`). It notes the first alias (its offset) and how deep the
 * events nest, for `readPlainYamlOrError`'s check of what aliases add (`aliasGrowth`).
 */
function nodePropertyListener(): {
  listener: (event: jsYaml.EventType, state: jsYaml.State) => void;
  firstAlias: number | undefined;
  depth: number;
  anchors: Map<string, number>;
} {
  const opened: number[] = [];
  const seen = {
    firstAlias: undefined as number | undefined,
    depth: 0,
    // Where each anchor name was last defined (the offset of its `&`).
    anchors: new Map<string, number>(),
    listener(event: jsYaml.EventType, state: jsYaml.State) {
      if (event === 'open') {
        opened.push(state.position);
        if (opened.length > seen.depth) seen.depth = opened.length;
        return;
      }
      const { input } = state;
      let at = afterSeparation(input, opened.pop()!);
      const isCollection = typeof state.result === 'object' && state.result !== null;
      let anchorEnd = -1;
      for (let c = input[at]; c === '&' || c === '!' || c === '*'; c = input[at]) {
        const end = propertyEnd(input, at);
        if (c === '!' && (isCollection || input.slice(at + 1, end) !== '!str')) throw new HasNodeProperty();
        if (c === '*') {
          // An alias can be seen twice (js-yaml may read it again after a failed block map).
          if (seen.firstAlias === undefined || at < seen.firstAlias) seen.firstAlias = at;
          return;
        }
        if (c === '&') {
          // js-yaml names by an anchor the node closed last, the `yaml` package the node opened
          // last: they differ when a collection holds another node with its anchor's name.
          const name = input.slice(at + 1, end);
          const previous = seen.anchors.get(name);
          if (isCollection && previous !== undefined && previous > at) throw new HasNodeProperty();
          seen.anchors.set(name, at);
          anchorEnd = end;
        }
        at = afterSeparation(input, end);
      }
      if (anchorEnd >= 0 && isCollection && input[at] !== '[' && input[at] !== '{' && !input.slice(anchorEnd, at).includes('\n')) {
        throw new HasNodeProperty();
      }
    },
  };
  return seen;
}

/** The end of a node property (`&name`, `*name`, `!tag`): the first space, line break or flow indicator. */
export function propertyEnd(source: string, at: number): number {
  let end = at + 1;
  while (end < source.length && !' \t\r\n,[]{}'.includes(source[end]!)) end++;
  return end;
}

/** Past spaces, tabs, line breaks and comments, as js-yaml skips them before a node. */
function afterSeparation(source: string, at: number): number {
  let position = at;
  while (position < source.length) {
    const c = source[position];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\ufeff') position++;
    else if (c === '#') {
      const lineEnd = source.indexOf('\n', position);
      position = lineEnd < 0 ? source.length : lineEnd;
    } else break;
  }
  return position;
}

/**
 * Whether every map and list nests at most `limit` deep and no key is one js-yaml and the
 * `yaml` package spell differently (a null key: "null" against ""; a collection as a key).
 * Iterative, each value visited once.
 */
function plainKeysWithin(root: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[root, 1]];
  while (pending.length > 0) {
    const [node, depth] = pending.pop()!;
    if (node === null || typeof node !== 'object') continue;
    if (depth > limit) return false;
    if (Array.isArray(node)) {
      for (const item of node) pending.push([item, depth + 1]);
      continue;
    }
    for (const key of Object.keys(node)) {
      if (key === 'null' || key === '' || key.includes('[object') || key.includes(',')) return false;
      pending.push([(node as Record<string, unknown>)[key], depth + 1]);
    }
  }
  return true;
}
