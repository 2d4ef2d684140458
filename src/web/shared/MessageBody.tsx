// A reply, note or canned response as rendered markdown, in the portal and the staff console alike:
// markdown-it's HTML (markdown-html.ts) passed through DOMPurify before it reaches the DOM.
import DOMPurify from 'dompurify';
import { useMemo } from 'react';
import { markdownToHtml, SAFE_LINK } from './markdown-html.ts';

const ALLOWED_TAGS = [
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
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'table',
  'thead',
  'tbody',
  'tr',
  'th',
  'td',
];

/** Sanitized HTML of `source`: only the tags markdown makes, links only to http(s) and mailto. */
export function safeMarkdownHtml(source: string): string {
  return DOMPurify.sanitize(markdownToHtml(source), {
    ALLOWED_TAGS,
    ALLOWED_ATTR: ['href', 'target', 'rel', 'start', 'align'],
    ALLOWED_URI_REGEXP: SAFE_LINK,
  });
}

export function MessageBody({ source, className = '' }: { source: string; className?: string }) {
  const html = useMemo(() => safeMarkdownHtml(source), [source]);
  // The one place markup from users is set as HTML: sanitized just above.
  return <div className={`message-body markdown ${className}`} dangerouslySetInnerHTML={{ __html: html }} />;
}

/** The files that came with a reply or note: downloads (the Files card manages them). */
export function MessageFiles({ files, href }: { files: { id: string; filename: string }[]; href: string }) {
  if (files.length === 0) return null;
  return (
    <ul className="message-attachments" aria-label="Attached files">
      {files.map((f) => (
        <li key={f.id}>
          📎{' '}
          <a href={`${href}/${f.id}`} download={f.filename}>
            {f.filename}
          </a>
        </li>
      ))}
    </ul>
  );
}
