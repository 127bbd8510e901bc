import type { Language } from '../../i18n/messages';
import { fitText } from '../text';

/**
 * Markdown syntax characters from API text become their full-width forms: no renderer reads `［x］(…)`
 * as a link, `＜font＞` as a tag, `＠138…` as a mention or `＃` as a heading, whichever markdown
 * dialect a DingTalk client speaks, and a Chinese reader reads them as the same characters.
 */
const LOOK_ALIKES: Record<string, string> = {
  '*': '＊',
  _: '＿',
  '~': '～',
  '`': '｀',
  '#': '＃',
  '[': '［',
  ']': '］',
  '<': '＜',
  '>': '＞',
  '|': '｜',
  '&': '＆',
  '@': '＠',
};

// A hard break, then a zero-width space so the next line cannot open a list, a quote, a code block or a setext heading.
const LINE_BREAK = '  \n\u200B';

export function escapeDingTalkChar(char: string): string {
  if (char === '\n') return LINE_BREAK;
  if (char === '\r') return '';
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  if (/^[\u0000-\u001f\u007f\u2028\u2029]$/.test(char)) return ' ';
  return LOOK_ALIKES[char] ?? char;
}

/** API text made inert for DingTalk markdown. */
export function escapeDingTalk(text: string): string {
  return Array.from(text, escapeDingTalkChar).join('');
}

/** Escaped, and cut so that the escaped text, marker included, holds at most `max` characters. */
export function fitDingTalk(text: string, max: number, language: Language): string {
  return fitText(text, max, escapeDingTalkChar, language);
}
