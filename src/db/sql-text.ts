/** Escapes LIKE wildcards so user text matches literally (`ilike '%' || escaped || '%'`). */
export function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (c) => `\\${c}`);
}
