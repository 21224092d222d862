/**
 * HTML made safely: the one place where text becomes markup. `html` is a tagged template
 * that escapes every interpolated value unless it is already `SafeHtml` (made by `html`
 * itself or, for markup produced by a trusted renderer such as Vega's SVG, by `trusted`).
 * Pure: no I/O, usable in a browser.
 */

/** Markup that is safe to insert as it is. Only `html` and `trusted` make one. */
export interface SafeHtml {
  readonly kind: 'safe-html';
  readonly markup: string;
}

/** What a template may interpolate: text (escaped), numbers, safe markup, lists of these; nothing for null, undefined or false. */
export type HtmlValue = string | number | SafeHtml | null | undefined | false | readonly HtmlValue[];

const entities: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * Text as HTML that shows exactly that text, in element content and in quoted attribute
 * values alike.
 *
 * @example escapeHtml('<script>alert("1")</script>') // "&lt;script&gt;alert(&quot;1&quot;)&lt;/script&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => entities[character]!);
}

/** Markup taken as it is: only for output of a renderer that escapes its own text (Vega's SVG). */
export function trusted(markup: string): SafeHtml {
  return { kind: 'safe-html', markup };
}

function isSafe(value: unknown): value is SafeHtml {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'safe-html';
}

function render(value: HtmlValue): string {
  if (value === null || value === undefined || value === false) return '';
  if (typeof value === 'number') return escapeHtml(String(value));
  if (typeof value === 'string') return escapeHtml(value);
  if (isSafe(value)) return value.markup;
  return (value as readonly HtmlValue[]).map(render).join('');
}

/**
 * A template whose interpolations are escaped by default.
 *
 * @example html`<p title="${name}">${name}</p>`.markup // with name = '<b>': '<p title="&lt;b&gt;">&lt;b&gt;</p>'
 */
export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let markup = strings[0]!;
  values.forEach((value, index) => {
    markup += render(value) + strings[index + 1]!;
  });
  return { kind: 'safe-html', markup };
}
