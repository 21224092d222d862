import { fileURLToPath } from 'node:url';
import { parse, type DefaultTreeAdapterMap, type ParserError } from 'parse5';
import { beforeAll, describe, expect, it } from 'vitest';
import { models } from '../core/models/index.js';
import type { Scenario } from '../core/scenario.js';
import { loadScenarioFile } from '../io/scenario-file.js';
import { canonicalJson } from '../core/canonical-json.js';
import { inputsHash, makeBrief, noteText } from './brief.js';

type Node = DefaultTreeAdapterMap['node'];
type Element = DefaultTreeAdapterMap['element'];

const defaultFile = fileURLToPath(new URL('../../scenarios/ukraine-2024-11.yaml', import.meta.url));

/**
 * The page parsed as browsers parse it (parse5 implements the WHATWG parsing algorithm), with
 * every parse error the algorithm defines: an unclosed or misnested element, a stray end tag,
 * a duplicate attribute, a missing doctype. A page with none is well-formed HTML.
 */
function parsePage(page: string): { document: DefaultTreeAdapterMap['document']; errors: ParserError[] } {
  const errors: ParserError[] = [];
  const document = parse(page, { onParseError: (error) => errors.push(error) });
  return { document, errors };
}

function elements(node: Node): Element[] {
  const children = 'childNodes' in node ? node.childNodes : [];
  const content = node.nodeName === 'template' ? [(node as DefaultTreeAdapterMap['template']).content] : [];
  return [...(('tagName' in node ? [node as Element] : []) as Element[]), ...[...children, ...content].flatMap(elements)];
}

function textOf(node: Node): string {
  if (node.nodeName === '#text') return (node as DefaultTreeAdapterMap['textNode']).value;
  return 'childNodes' in node ? node.childNodes.map(textOf).join('') : '';
}

describe('the brief of the default scenario', () => {
  let page: string;
  let scenario: Scenario;
  beforeAll(async () => {
    scenario = loadScenarioFile(defaultFile, 'ukraine-2024-11.yaml').scenario!;
    page = await makeBrief(scenario, { draws: 20, seed: 7, version: '0.1.0', file: 'ukraine-2024-11.yaml' });
  });

  it('is well-formed HTML: no parse error, unique ids, every in-page link has its target', () => {
    const { document, errors } = parsePage(page);
    expect(errors.map((error) => `${error.code} at line ${error.startLine}`)).toEqual([]);
    const all = elements(document);
    const ids = all.flatMap((element) => element.attrs.filter((attr) => attr.name === 'id').map((attr) => attr.value));
    expect(ids.length).toBeGreaterThan(10);
    expect(new Set(ids).size).toBe(ids.length);
    const links = all.flatMap((element) =>
      element.attrs.filter((attr) => attr.name === 'href' && attr.value.startsWith('#')).map((attr) => attr.value.slice(1)),
    );
    for (const link of links) expect(ids).toContain(link);
    expect(all.find((element) => element.tagName === 'title')).toBeDefined();
  });

  it('contains every issue and every registered model, with a figure per issue', () => {
    const { document } = parsePage(page);
    const headings = elements(document)
      .filter((element) => element.tagName === 'h2')
      .map(textOf);
    for (const issue of scenario.issues) expect(headings).toContain(`${issue.id} — ${issue.name}`);
    for (const model of models) expect(page).toContain(`<td>${model.id}</td>`);
    const figures = elements(document).filter((element) => element.tagName === 'figure');
    expect(figures.filter((element) => element.attrs.some((attr) => attr.value.endsWith('-forecast')))).toHaveLength(scenario.issues.length);
    for (const kind of ['distribution', 'tornado', 'trajectory', 'relations']) {
      expect(
        figures.some((element) => element.attrs.some((attr) => attr.value.endsWith(`-${kind}`))),
        kind,
      ).toBe(true);
    }
  });

  it('makes no network request when opened: no script, no external style sheet, no http(s) address in src or href', () => {
    const { document } = parsePage(page);
    const all = elements(document);
    expect(all.filter((element) => element.tagName === 'script')).toEqual([]);
    expect(all.filter((element) => element.tagName === 'link' || element.tagName === 'iframe' || element.tagName === 'img')).toEqual([]);
    for (const element of all) {
      for (const attr of element.attrs) {
        if (attr.name === 'src' || attr.name.endsWith('href')) expect(attr.value, `${element.tagName} ${attr.name}`).not.toMatch(/http|\/\//i);
      }
    }
    expect(page).not.toMatch(/url\(\s*['"]?(https?:)?\/\//i);
    expect(page).not.toMatch(/@import/);
  });

  it('states the seed, the draws, the version, the inputs hash and the command that makes it again', () => {
    expect(page).toMatch(/<th>seed<\/th><td>7<\/td>/);
    expect(page).toContain('20 draws of');
    expect(page).toMatch(/<th>Parley version<\/th><td>0\.1\.0<\/td>/);
    expect(page).toContain(`sha256:${inputsHash(scenario)}`);
    expect(page).toContain('parley report ukraine-2024-11.yaml --draws 20 --seed 7');
  });

  it('labels the opinion piece as such, with its sources’ kinds', () => {
    expect(page).toMatch(/M K Bhadrakumar <span class="badge opinion">opinion piece<\/span>/);
    expect(page).toContain('<span class="badge">news report</span>');
  });

  it('says in words where the models put each issue, and gives the evidence behind the inputs that matter most', () => {
    for (const issue of scenario.issues)
      expect(page).toMatch(new RegExp(`(models|one model).{0,40} put ${issue.id} (between|at)|The models disagree on ${issue.id}`));
    // Every issue's top inputs, each with its evidence (a cited source) or a word on why there is none.
    expect(page.match(/<ol class="drivers">/g)).toHaveLength(scenario.issues.length);
    expect(page).toMatch(/<ul class="evidence"><li>.*<span class="badge">news report<\/span>/);
  });
});

describe('escaping', () => {
  const payload = '<script>alert(1)</script>';
  const hostile: Scenario = {
    parley: 1,
    id: 'hostile',
    title: `Title ${payload}`,
    asOf: '2025-01-01',
    description: `Description "quoted" & ${payload}`,
    sources: [{ id: 's1', title: payload, kind: `opinion`, url: 'javascript:alert(1)', note: payload }],
    issues: [
      {
        id: 'X',
        name: `Issue ${payload}`,
        description: payload,
        scale: { min: 0, max: 100 },
        anchors: { 0: `none ${payload}`, 100: `all <img src=x onerror=alert(1)>` },
        statusQuo: 50,
      },
    ],
    actors: [
      {
        id: 'a',
        name: payload,
        description: payload,
        capability: { low: 0.5, mode: 1, high: 1.5 },
        stances: { X: { position: { low: 10, mode: 20, high: 30 }, salience: 0.8, evidence: [{ source: 's1', quote: payload, note: payload }] } },
      },
      { id: 'b', name: 'B "quoted"', capability: 1, stances: { X: { position: { low: 60, mode: 70, high: 80 }, salience: 0.6 } } },
      { id: 'c', name: 'C & co', capability: 0.8, stances: { X: { position: 45, salience: 0.9 } } },
    ],
    variants: [{ id: 'v', description: payload, changes: [{ actor: 'a', issue: 'X', position: 30, note: payload }] }],
  };
  let page: string;
  beforeAll(async () => {
    page = await makeBrief(hostile, { draws: 10, seed: 1 });
  });

  it('shows every user-supplied string as text: no element or attribute comes from the scenario', () => {
    const { document, errors } = parsePage(page);
    expect(errors).toEqual([]);
    const all = elements(document);
    expect(all.filter((element) => element.tagName === 'script' || element.tagName === 'img')).toEqual([]);
    for (const element of all) for (const attr of element.attrs) expect(attr.name.startsWith('on'), `${element.tagName} ${attr.name}`).toBe(false);
    const text = textOf(document);
    expect(text).toContain(`Title ${payload}`);
    expect(text).toContain(`“${payload}”`);
    expect(text).toContain(`Description "quoted" & ${payload}`);
    // In the figures too: the actor's name drawn by Vega is text in the SVG.
    const svgTexts = all.filter((element) => element.tagName === 'text').map(textOf);
    expect(svgTexts).toContain(payload);
  });

  it('gives addresses as text, never as a link', () => {
    expect(page).toContain('<span class="url">javascript:alert(1)</span>');
    expect(page).not.toMatch(/href="javascript/);
  });
});

describe('a model that cannot run on an issue', () => {
  // Issue 24's degenerate case: every actor at zero salience on X, so eum cannot run there (src/core/run-model.test.ts).
  const degenerate: Scenario = {
    parley: 1,
    id: 'degenerate',
    title: 'Degenerate',
    issues: ['X', 'Y'].map((id) => ({ id, name: `Issue ${id}`, scale: { min: 0, max: 100 } })),
    actors: [
      { id: 'a', name: 'A', capability: 1, stances: { X: { position: 10, salience: 0 }, Y: { position: 10, salience: 1 } } },
      { id: 'b', name: 'B', capability: 2, stances: { X: { position: 90, salience: 0 }, Y: { position: 70, salience: 0.5 } } },
    ],
  };
  let page: string;
  beforeAll(async () => {
    page = await makeBrief(degenerate, { draws: 10, seed: 1 });
  });

  it("says so in its issue's forecast table, with the reason in words, and the other models' forecasts stand", () => {
    const { document, errors } = parsePage(page);
    expect(errors).toEqual([]);
    const section = (id: string) =>
      elements(document).find((element) => element.tagName === 'section' && element.attrs.some((attr) => attr.name === 'id' && attr.value === id))!;
    // The forecast table: the one headed by "nearest anchor".
    const forecastTable = (id: string) =>
      elements(section(id)).find(
        (element) => element.tagName === 'table' && elements(element).some((cell) => cell.tagName === 'th' && textOf(cell) === 'nearest anchor'),
      )!;
    const rows = (id: string) =>
      elements(forecastTable(id))
        .filter((element) => element.tagName === 'tr')
        .map((row) =>
          elements(row)
            .filter((cell) => cell.tagName === 'td')
            .map(textOf),
        )
        .filter((cells) => cells.length > 0);
    const onX = rows('issue-1');
    expect(onX).toContainEqual(['eum', '—', 'not applicable: eum: every actor has zero capability or zero salience (issue "X")']);
    expect(onX.filter((cells) => cells[0] === 'compromise' && cells[1] !== '—')).toHaveLength(1);
    expect(rows('issue-2').filter((cells) => cells[2]?.startsWith('not applicable'))).toEqual([]);
    expect(rows('issue-2').filter((cells) => cells[0] === 'eum' && cells[1] !== '—')).toHaveLength(1);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level, so key order in the file does not change the hash', () => {
    expect(canonicalJson({ b: 1, a: [{ d: 2, c: 3 }], e: undefined })).toBe('{"a":[{"c":3,"d":2}],"b":1}');
    const scenario = loadScenarioFile(defaultFile, 'ukraine-2024-11.yaml').scenario!;
    const reordered = Object.fromEntries(Object.entries(scenario).reverse()) as unknown as Scenario;
    expect(inputsHash(reordered)).toBe(inputsHash(scenario));
    expect(inputsHash({ ...scenario, title: `${scenario.title}.` })).not.toBe(inputsHash(scenario));
  });
});

describe('noteText', () => {
  it('says in words that `est:` marks an estimate, and leaves other notes as they are', () => {
    expect(noteText('est')).toBe("the analyst's estimate");
    expect(noteText('est: opposes Ukraine NATO membership')).toBe("the analyst's estimate: opposes Ukraine NATO membership");
    expect(noteText('src: proposed Christmas ceasefire')).toBe('src: proposed Christmas ceasefire');
    expect(noteText('estimated from the minutes')).toBe('estimated from the minutes');
  });
});
