// A search hit's excerpt: text parts, the matched words in <mark>. Rendered as text by React, so
// nothing in a ticket or an article can become markup here.
export type SnippetData = {
  source: 'subject' | 'description' | 'comment' | 'note' | 'title' | 'body';
  parts: { text: string; match: boolean }[];
};

const SOURCES: Record<SnippetData['source'], string> = {
  subject: 'Subject',
  description: 'Description',
  comment: 'Conversation',
  note: 'Internal note',
  title: 'Title',
  body: 'Article',
};

export function Snippet({ snippet }: { snippet: SnippetData }) {
  return (
    <p className={`search-snippet small${snippet.source === 'note' ? ' search-snippet-note' : ''}`}>
      <span className="search-snippet-source">{SOURCES[snippet.source]}: </span>
      {snippet.parts.map((part, i) =>
        part.match ? <mark key={i}>{part.text}</mark> : <span key={i}>{part.text}</span>,
      )}
    </p>
  );
}
