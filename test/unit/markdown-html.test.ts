// The markdown-it half of rendering replies (docs/adr/0007-markdown-rendering.md): what it makes
// of hostile input must already be inert before DOMPurify (checked in the browser, test/e2e/desk).
import { describe, expect, it } from 'vitest';
import { markdownToHtml } from '../../src/web/shared/markdown-html.ts';

/** The tags markdown-it may make; with raw HTML off, every other `<` is escaped text. */
const MARKDOWN_TAGS = new Set([
  'p',
  'br',
  'strong',
  'em',
  's',
  'code',
  'pre',
  'blockquote',
  'ul',
  'ol',
  'li',
  'a',
  'hr',
]);

/** No element or attribute that could run script or fetch anything: only markdown's own tags. */
function expectInert(html: string) {
  for (const [tag, name = '', attrs = ''] of html.matchAll(/<\/?([a-z0-9]+)([^>]*)>/gi)) {
    expect(MARKDOWN_TAGS.has(name.toLowerCase()), tag).toBe(true);
    for (const [, attr = '', value = ''] of attrs.matchAll(/\s([^\s=]+)="([^"]*)"/g)) {
      expect(['href', 'target', 'rel', 'start', 'title'], tag).toContain(attr);
      if (attr === 'href') expect(value, tag).toMatch(/^(https?:\/\/|mailto:)/);
    }
    expect(attrs.replace(/\s[^\s=]+="[^"]*"/g, '').trim(), tag).toBe('');
  }
}

describe('markdown of replies to HTML', () => {
  it('renders bold, lists, code and safe links', () => {
    const html = markdownToHtml('**Bold** and *it*\n\n- one\n- two\n\n`x` [site](https://example.com/a?b=1)');
    expect(html).toContain('<strong>Bold</strong>');
    expect(html).toContain('<em>it</em>');
    expect(html).toMatch(/<ul>\s*<li>one<\/li>\s*<li>two<\/li>\s*<\/ul>/);
    expect(html).toContain('<code>x</code>');
    expect(html).toContain(
      '<a href="https://example.com/a?b=1" target="_blank" rel="noopener noreferrer nofollow">site</a>',
    );
    expect(markdownToHtml('[me](mailto:a@example.com)')).toContain('href="mailto:a@example.com"');
  });

  it('shows raw HTML as text', () => {
    const html = markdownToHtml('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expectInert(html);
  });

  it.each([
    '[x](javascript:alert(1))',
    '[x](JaVaScRiPt:alert(1))',
    '[x](  javascript:alert(1))',
    '[x](java\tscript:alert(1))',
    '[x](&#106;avascript:alert(1))',
    '[x](javascript&colon;alert(1))',
    '[x](%6Aavascript:alert(1))',
    '[x](vbscript:msgbox(1))',
    '[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '[x](file:///etc/passwd)',
    '[x](/relative)',
    '[x](//evil.example/)',
    '<javascript:alert(1)>',
    '<data:text/html,<script>alert(1)</script>>',
    '![x](https://tracker.example/p.gif)',
    '![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)',
    '[![x](javascript:alert(1))](https://ok.example)',
    '[x](https://ok.example "a\\" onmouseover=\\"alert(1)")',
    '<a href="javascript:alert(1)">x</a>',
    '<svg><script>alert(1)</script></svg>',
    '<<script>script>alert(1)<</script>/script>',
    '`<img src=x onerror=alert(1)>`',
    '```\n<script>alert(1)</script>\n```',
    '[x]: javascript:alert(1)\n\n[y][x]',
    '<iframe src="https://evil.example"></iframe>',
    '**<img src=x onerror=alert(1)>**',
    '- <style>*{}</style>',
  ])('leaves nothing live of %s', (source) => {
    const html = markdownToHtml(source);
    expectInert(html);
  });

  it('a link that is not http(s) or mailto stays text', () => {
    expect(markdownToHtml('[x](javascript:alert(1))')).toBe('<p>[x](javascript:alert(1))</p>\n');
  });
});
