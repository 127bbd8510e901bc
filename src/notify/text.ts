/** Cuts `text` to at most `max` characters, ending with a visible marker that says how much was cut. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  // The marker's own length depends on the number it shows; reserve for the widest case.
  const reserve = `… (truncated, ${chars.length} more characters)`.length;
  const kept = Math.max(0, max - reserve);
  return `${chars.slice(0, kept).join('')}… (truncated, ${chars.length - kept} more characters)`;
}

/** Slack mrkdwn: no mentions, links or formatting can come from API text. */
export function escapeMrkdwn(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[*_~`]/g, (c) => `\u200B${c}\u200B`);
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** For anything placed in a mail header: one line, no control characters. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return text.replace(/[\r\n\t\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').trim();
}
