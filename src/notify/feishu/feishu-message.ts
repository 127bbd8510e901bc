import { t } from '../../i18n/messages';
import { type AlertFacts, oncallLines } from '../alert-facts';
import type { NoticeText } from '../notice-text';
import { oneLine, truncate } from '../text';
import { escapeLarkMd, fieldCap, fitLarkMdBytes, jsonBytes } from './feishu-text';

/** Feishu refuses a request body over 20 KB; the signature added after building needs room too. */
export const FEISHU_LIMITS = { bodyBytes: 20 * 1024, signatureRoom: 128, titleChars: 150 } as const;

type Template = 'red' | 'green' | 'orange' | 'grey';
type LarkMd = { tag: 'lark_md'; content: string };
type PlainText = { tag: 'plain_text'; content: string };
export type FeishuElement =
  | { tag: 'div'; text?: LarkMd; fields?: { is_short: boolean; text: LarkMd }[] }
  | { tag: 'hr' }
  | { tag: 'note'; elements: PlainText[] };

export interface FeishuCardMessage {
  msg_type: 'interactive';
  card: { config: { wide_screen_mode: true }; header: { template: Template; title: PlainText }; elements: FeishuElement[] };
}

const TEMPLATES: Record<string, Template> = { FAILED: 'red', COMPLETED: 'green', STUCK: 'orange' };
export const templateFor = (status: string): Template => TEMPLATES[status] ?? 'grey';

/** A value from outside (API, config), escaped and cut when the card is fitted to the body limit. */
export type Fit = (value: string) => string;

export const card = (template: Template, title: string, elements: FeishuElement[]): FeishuCardMessage => ({
  msg_type: 'interactive',
  card: { config: { wide_screen_mode: true }, header: { template, title: { tag: 'plain_text', content: truncate(oneLine(title), FEISHU_LIMITS.titleChars) } }, elements },
});

/**
 * Renders with every outside value fitted so the whole JSON body stays within the limit, measured in bytes after
 * lark_md and JSON escaping: the render is first done with empty values to learn its fixed cost, then the
 * longest values are cut to the largest budget that fits.
 */
export function fitted(values: readonly string[], render: (fit: Fit) => FeishuCardMessage, language: AlertFacts['language']): FeishuCardMessage {
  const max = FEISHU_LIMITS.bodyBytes - FEISHU_LIMITS.signatureRoom;
  const fixed = Buffer.byteLength(JSON.stringify(render(() => '')), 'utf8');
  const cap = fieldCap(values.map((value) => jsonBytes(escapeLarkMd(value))), fixed, max);
  return render((value) => fitLarkMdBytes(value, cap, language));
}

export const md = (content: string): LarkMd => ({ tag: 'lark_md', content });

/** The interactive card of one alert: header coloured by status, lark_md fields; API text can only show as text. */
export function buildFeishuCard(facts: AlertFacts): FeishuCardMessage {
  const lang = facts.language;
  const label = (key: Parameters<typeof t>[1]) => `**${escapeLarkMd(t(lang, key))}**`;
  const title = t(lang, 'alert.headline', { icon: facts.icon, test: facts.test ? t(lang, 'alert.test_mark') : '', status: facts.statusText, workflow: facts.workflow });
  const short: [Parameters<typeof t>[1], string][] = [
    ['label.workflow', oneLine(facts.workflow)],
    ['label.execution', oneLine(facts.executionId)],
    ['label.start', facts.start],
    ['label.end', facts.end],
    ['label.duration', facts.duration],
    ['label.version', oneLine(facts.version)],
    ['label.exec_position', oneLine(facts.execPosition)],
  ];
  const result = facts.result;
  const resultLines = result
    ? ([
        [t(lang, 'label.result'), result.msg],
        [t(lang, 'label.result_data'), result.data],
        [t(lang, 'label.video'), result.videoPath],
        [t(lang, 'label.result'), result.other],
      ] as const).filter((line): line is readonly [string, string] => line[1] !== null)
    : [];
  const oncall = oncallLines(facts);
  const values = [...oncall, ...short.map(([, v]) => v), facts.error ?? '', ...resultLines.map(([, v]) => v), facts.parameters ?? ''];
  return fitted(
    values,
    (fit) => {
      const elements: FeishuElement[] = oncall.map((line) => ({ tag: 'div', text: md(fit(line)) }));
      elements.push({ tag: 'div', fields: short.map(([key, value]) => ({ is_short: true, text: md(`${label(key)}\n${fit(value)}`) })) });
      if (facts.error !== null) elements.push({ tag: 'div', text: md(`${label('label.error')}\n${fit(facts.error)}`) });
      for (const [name, value] of resultLines) elements.push({ tag: 'div', text: md(`**${escapeLarkMd(name)}**\n${fit(value)}`) });
      if (facts.parameters !== null) elements.push({ tag: 'div', text: md(`${label('label.parameters')}\n${fit(facts.parameters)}`) });
      elements.push({ tag: 'hr' }, { tag: 'note', elements: [{ tag: 'plain_text', content: t(lang, 'feishu.footer', { execution: truncate(oneLine(facts.executionId), 80), why: facts.why }) }] });
      return card(templateFor(facts.status), title, elements);
    },
    lang,
  );
}

/** A notice about the bot itself: red while iFlyRPA is unreachable, green when it recovers. */
export function buildFeishuNotice(notice: NoticeText, kind: 'unreachable' | 'recovered', language: AlertFacts['language']): FeishuCardMessage {
  return fitted(
    [notice.body],
    (fit) => card(kind === 'unreachable' ? 'red' : 'green', `${notice.icon} ${notice.title}`, [{ tag: 'div', text: md(fit(notice.body)) }, { tag: 'note', elements: [{ tag: 'plain_text', content: t(language, 'feishu.notice_footer') }] }]),
    language,
  );
}
