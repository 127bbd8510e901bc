import { type Language, type MessageKey, t } from '../../i18n/messages';
import { type AlertFacts, oncallLines } from '../alert-facts';
import type { NoticeText } from '../notice-text';
import { oneLine } from '../text';
import { WECOM_LIMITS } from './wecom-limits';
import { fitWecomBytes, utf8Bytes } from './wecom-text';

export interface WecomMarkdown {
  msgtype: 'markdown';
  markdown: { content: string };
}

/** The three colours WeCom markdown knows. */
export type Colour = 'warning' | 'info' | 'comment';

const COLOURS: Record<string, Colour> = { FAILED: 'warning', STUCK: 'warning', COMPLETED: 'info' };
/** Statuses that reach people by mention, not only by the group's feed. */
const MENTIONED = new Set(['FAILED', 'STUCK']);

/** Caps of the one-line values, in bytes: short enough that the long sections always keep room. */
const CAP = { workflow: 300, value: 100, position: 200, oncall: 200, title: 600 } as const;

export const font = (colour: Colour, text: string) => `<font color="${colour}">${text}</font>`;
export const fitter = (language: Language) => (text: string, maxBytes: number) => fitWecomBytes(text, maxBytes, (count) => t(language, 'text.truncated', { count }));

/**
 * One alert as WeCom markdown, within 4,096 bytes of UTF-8 after escaping: headline with the status
 * coloured, the run's facts as a quote, then error, result and parameters sharing the bytes left,
 * each cut with the visible marker. Mentions (`<@userid>`) close FAILED and STUCK alerts.
 */
export function buildWecomMessage(facts: AlertFacts, options: { mention?: readonly string[] } = {}): WecomMarkdown {
  const { language } = facts;
  const fit = fitter(language);
  const value = (text: string, cap: number = CAP.value) => fit(oneLine(text), cap);
  const field = (label: MessageKey, text: string, cap?: number) => `> ${t(language, 'wecom.field', { label: t(language, label), value: value(text, cap) })}`;

  const headline = `### ${t(language, 'alert.headline', {
    icon: facts.icon,
    test: facts.test ? t(language, 'alert.test_mark') : '',
    status: font(COLOURS[facts.status] ?? 'comment', value(facts.statusText)),
    workflow: value(facts.workflow, CAP.workflow),
  })}`;
  const quote = [
    ...oncallLines(facts).map((line) => field('label.oncall', line, CAP.oncall)),
    field('label.execution', facts.executionId),
    field('label.version', facts.version),
    field('label.start', facts.start),
    field('label.end', facts.end),
    field('label.duration', facts.duration),
    field('label.exec_position', facts.execPosition, CAP.position),
  ].join('\n');
  const footer = font('comment', t(language, 'wecom.footer', { id: value(facts.executionId), why: facts.why }));
  const mentions = MENTIONED.has(facts.status) ? mentionLine(options.mention) : '';

  const sections: [MessageKey, string | null][] = [
    ['label.error', facts.error],
    ['label.result', facts.result?.msg ?? null],
    ['label.result_data', facts.result?.data ?? null],
    ['label.video', facts.result?.videoPath ?? null],
    ['wecom.label.more_result', facts.result?.other ?? null],
    ['label.parameters', facts.parameters],
  ];
  const present = sections.filter((s): s is [MessageKey, string] => s[1] !== null).map(([label, body]) => ({ head: `**${t(language, label)}**\n`, body }));

  const fixed = [headline, quote, ...present.map((s) => s.head), footer, mentions].filter(Boolean);
  // Blocks are separated by blank lines: one "\n\n" between each two.
  const separators = 2 * (fixed.length - 1);
  const bodies = shareBytes(
    present.map((s) => s.body),
    WECOM_LIMITS.contentBytes - fixed.reduce((sum, part) => sum + utf8Bytes(part), 0) - separators,
    fit,
  );
  const blocks = [headline, quote, ...present.map((s, i) => s.head + bodies[i]!), footer, ...(mentions ? [mentions] : [])];
  return markdown(blocks.join('\n\n'));
}

/** A notice about the bot itself, coloured warning when iFlyRPA is unreachable and info once it recovered. */
export function buildWecomNotice(notice: NoticeText, options: { language: Language; colour: Colour }): WecomMarkdown {
  const fit = fitter(options.language);
  const headline = `### ${notice.icon} ${font(options.colour, fit(oneLine(notice.title), CAP.title))}`;
  const footer = font('comment', t(options.language, 'wecom.notice_footer'));
  const room = WECOM_LIMITS.contentBytes - utf8Bytes(headline) - utf8Bytes(footer) - 4;
  return markdown([headline, fit(notice.body, room), footer].join('\n\n'));
}

export const markdown = (content: string): WecomMarkdown => ({ msgtype: 'markdown', markdown: { content } });

/** Ids come from the config file, checked there against WeCom's userid alphabet: they cannot open a tag. */
export const mentionLine = (ids: readonly string[] | undefined): string => (ids ?? []).slice(0, WECOM_LIMITS.mentions).map((id) => `<@${id}>`).join(' ');

/**
 * Fair shares of `budget` bytes between texts: the shortest take what they need, the rest split what is
 * left evenly, so a huge parameter list cannot push the error out. Each result is escaped and fitted.
 */
function shareBytes(texts: string[], budget: number, fit: (text: string, maxBytes: number) => string): string[] {
  const order = texts.map((text, index) => ({ index, size: utf8Bytes(fit(text, Number.MAX_SAFE_INTEGER)) })).sort((a, b) => a.size - b.size);
  const out: string[] = new Array<string>(texts.length);
  let left = budget;
  order.forEach(({ index, size }, position) => {
    const share = Math.floor(left / (order.length - position));
    const cap = Math.min(size, share);
    out[index] = fit(texts[index]!, cap);
    left -= utf8Bytes(out[index]);
  });
  return out;
}
