/** Tokens in paths (password links) are replaced before a URL reaches a log line or an audit row. */
export function redactUrl(url: string): string {
  return url.replace(/(\/password-links\/)[^/?#]+/g, '$1[redacted]');
}
