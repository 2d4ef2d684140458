// Markdown of replies and notes to HTML (docs/adr/0007-markdown-rendering.md). First line of
// defence: markdown-it with raw HTML off (`<script>` stays text), images off (no tracking pixels,
// no data: URLs) and links only to http(s) and mailto. The HTML then goes through DOMPurify
// (MessageBody.tsx) before it reaches the DOM. No DOM here, so this half runs in plain vitest.
import MarkdownIt from 'markdown-it';

/** The only link targets rendered as links; anything else stays text. */
export const SAFE_LINK = /^(https?:\/\/|mailto:)/i;

const md = new MarkdownIt({ html: false, linkify: true, breaks: true, typographer: false });
md.disable(['image']);
md.validateLink = (url) => SAFE_LINK.test(url.trim());

// Every link opens outside the app and tells the target nothing.
const defaultLinkOpen =
  md.renderer.rules.link_open ?? ((tokens, i, options, _env, self) => self.renderToken(tokens, i, options));
md.renderer.rules.link_open = (tokens, i, options, env, self) => {
  const token = tokens[i];
  token?.attrSet('target', '_blank');
  token?.attrSet('rel', 'noopener noreferrer nofollow');
  return defaultLinkOpen(tokens, i, options, env, self);
};

/** The HTML markdown-it makes of `source`: not yet sanitized, never put into the DOM as it is. */
export function markdownToHtml(source: string): string {
  return md.render(source);
}
