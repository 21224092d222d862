import { describe, expect, it } from 'vitest';
import { escapeHtml, html, trusted } from './html.js';

describe('escapeHtml', () => {
  it('escapes the five characters that can end text or an attribute value', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });

  it('leaves other text alone, including non-ASCII', () => {
    expect(escapeHtml('Russia–Ukraine “settlement”, ¶8')).toBe('Russia–Ukraine “settlement”, ¶8');
  });
});

describe('html', () => {
  it('escapes interpolated text in content and attributes', () => {
    const name = '<script>alert(1)</script>';
    expect(html`<p title="${name}">${name}</p>`.markup).toBe('<p title="&lt;script&gt;alert(1)&lt;/script&gt;">&lt;script&gt;alert(1)&lt;/script&gt;</p>');
  });

  it('inserts nested templates and trusted markup as they are, lists joined, nothing for null, undefined and false', () => {
    const items = ['a<b', 'c'].map((item) => html`<li>${item}</li>`);
    expect(html`<ul>${items}</ul>${null}${undefined}${false}${trusted('<svg></svg>')}${3}`.markup).toBe('<ul><li>a&lt;b</li><li>c</li></ul><svg></svg>3');
  });

  it('does not take an object that merely looks like markup from text', () => {
    const text = '{"kind":"safe-html","markup":"<script>"}';
    expect(html`${text}`.markup).not.toContain('<script>');
  });
});
