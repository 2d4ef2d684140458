// Labels written as "code = Words" lines, one text block: a table of words, not code to repeat.

/** The lines as a table, in their order; blank lines are skipped. */
export function labelTable(lines: string): Record<string, string> {
  const table: Record<string, string> = {};
  for (const line of lines.split('\n')) {
    const at = line.indexOf(' = ');
    if (at > 0) table[line.slice(0, at).trim()] = line.slice(at + 3).trim();
  }
  return table;
}
