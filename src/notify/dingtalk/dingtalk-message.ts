import { type Language, t } from '../../i18n/messages';
import { type AlertFacts, oncallLines } from '../alert-facts';
import type { NoticeText } from '../notice-text';
import { oneLine } from '../text';
import { escapeDingTalk, fitDingTalk } from './dingtalk-markdown';

/** DingTalk custom robot limits (https://open.dingtalk.com/document/robots/custom-robot-access). */
export const DINGTALK_LIMITS = {
  /** Characters of `markdown.text`, measured after escaping. */
  text: 4000,
  /** The title only shows in the conversation list and the push notification. */
  title: 64,
  /** A short field (execution, version, times…): room enough, and never the whole message. */
  field: 300,
  /** The `@138…` line; mobiles past it are neither listed nor @-ed (the text must name whom `at` notifies). */
  mentionLine: 600,
  /** What the error, result and parameters keep at least, however long the fields above them are. */
  longReserve: 1200,
  /** Messages per minute per robot; beyond it DingTalk answers errcode 130101. */
  perMinute: 20,
} as const;

export interface DingTalkMessage {
  msgtype: 'markdown';
  markdown: { title: string; text: string };
  at: { atMobiles: string[]; isAtAll: boolean };
}

export interface DingTalkMention {
  atMobiles: string[];
  atAll: boolean;
}

/** Statuses that call for people: the only ones that @ anyone. */
const ALARMING = new Set(['FAILED', 'STUCK']);

const SEPARATOR = '\n\n';

/** The mobiles must also appear in the text as `@138…`: DingTalk only notifies those it finds there. */
export function mentionOf(mention: DingTalkMention, alarming: boolean): { line: string | null; at: DingTalkMessage['at'] } {
  if (!alarming) return { line: null, at: { atMobiles: [], isAtAll: false } };
  const listed: string[] = [];
  let length = 0;
  for (const mobile of mention.atMobiles) {
    length += mobile.length + 2;
    if (length > DINGTALK_LIMITS.mentionLine) break;
    listed.push(mobile);
  }
  return { line: listed.length > 0 ? listed.map((mobile) => `@${mobile}`).join(' ') : null, at: { atMobiles: listed, isAtAll: mention.atAll } };
}

/** The headline, eight fields, the on-call line and the footer: they share what the @ line and the long fields leave. */
const SHORT_LINES = 11;
const SHORT_MIN = 40;

/** Shares `budget` among fields wanting `needs`: the small ones whole, the rest an equal part of what is left. */
export function shareBudget(needs: readonly number[], budget: number): number[] {
  const given = needs.map(() => 0);
  let left = Math.max(0, budget);
  const order = needs.map((need, index) => ({ need, index })).sort((a, b) => a.need - b.need);
  order.forEach(({ need, index }, position) => {
    const give = Math.min(need, Math.floor(left / (order.length - position)));
    given[index] = give;
    left -= give;
  });
  return given;
}

/** Markdown for a DingTalk custom robot; every API text escaped, `markdown.text` within 4,000 characters after escaping. */
export function buildDingTalkMessage(facts: AlertFacts, mention: DingTalkMention = { atMobiles: [], atAll: false }): DingTalkMessage {
  const language = facts.language;
  const headline = t(language, 'alert.headline', { icon: facts.icon, test: facts.test ? t(language, 'alert.test_mark') : '', status: facts.statusText, workflow: facts.workflow });
  const { line, at } = mentionOf(mention, ALARMING.has(facts.status));
  // Labels and separators are a few dozen characters; 20 a field is more than they take.
  const spare = DINGTALK_LIMITS.text - DINGTALK_LIMITS.longReserve - (line?.length ?? 0) - SHORT_LINES * 20;
  const fieldMax = Math.max(SHORT_MIN, Math.min(DINGTALK_LIMITS.field, Math.floor(spare / SHORT_LINES)));
  // The headline and the short fields stay on their line: a heading ends at the first line break.
  const short = (key: Parameters<typeof t>[1], value: string) => `**${t(language, key)}**：${fitDingTalk(oneLine(value), fieldMax, language)}`;
  const head = [
    `#### ${fitDingTalk(oneLine(headline), fieldMax, language)}`,
    ...(line ? [line] : []),
    short('label.status', facts.statusText),
    ...oncallLines(facts).map((value) => short('label.oncall', value)),
    short('label.workflow', facts.workflow),
    short('label.execution', facts.executionId),
    short('label.version', facts.version),
    short('label.start', facts.start),
    short('label.end', facts.end),
    short('label.duration', facts.duration),
    short('label.exec_position', facts.execPosition),
  ];
  const footer = `> ${fitDingTalk(t(language, 'dingtalk.footer', { execution: facts.executionId, why: facts.why }), fieldMax, language)}`;

  const long: { label: string; value: string }[] = [];
  const add = (key: Parameters<typeof t>[1], value: string | null) => {
    if (value !== null) long.push({ label: `**${t(language, key)}**：`, value });
  };
  add('label.error', facts.error);
  if (facts.result) {
    add('dingtalk.label.message', facts.result.msg);
    add('label.result_data', facts.result.data);
    add('label.video', facts.result.videoPath);
    add('label.result', facts.result.other);
  }
  add('label.parameters', facts.parameters);

  const fixed = [...head, footer].join(SEPARATOR).length;
  // Each long field costs its label, its separator and its escaped value; together they take what the rest leaves.
  const overhead = long.map((field) => field.label.length + SEPARATOR.length);
  const budget = DINGTALK_LIMITS.text - fixed - overhead.reduce((sum, n) => sum + n, 0);
  const shares = shareBudget(
    long.map((field) => escapeDingTalk(field.value).length),
    budget,
  );
  const body = long.map((field, i) => field.label + fitDingTalk(field.value, shares[i]!, language));
  return { msgtype: 'markdown', markdown: { title: titleOf(headline), text: [...head, ...body, footer].join(SEPARATOR) }, at };
}

/** A notice about the bot itself; the "unreachable" one mentions people like a failure does. */
export function buildDingTalkNotice(notice: NoticeText, language: Language, mention: DingTalkMention & { alarming: boolean }): DingTalkMessage {
  const { line, at } = mentionOf(mention, mention.alarming);
  const headline = `${notice.icon} ${notice.title}`;
  const head = [`#### ${fitDingTalk(oneLine(headline), DINGTALK_LIMITS.field, language)}`, ...(line ? [line] : [])];
  const footer = `> ${t(language, 'dingtalk.notice_footer')}`;
  const room = DINGTALK_LIMITS.text - [...head, footer].join(SEPARATOR).length - SEPARATOR.length;
  const text = [...head, fitDingTalk(notice.body, room, language), footer].join(SEPARATOR);
  return { msgtype: 'markdown', markdown: { title: titleOf(headline), text }, at };
}

/** Plain text, one line: the title is shown as is in the chat list, not rendered. */
export function titleOf(headline: string): string {
  const chars = Array.from(oneLine(headline));
  return chars.length <= DINGTALK_LIMITS.title ? chars.join('') : `${chars.slice(0, DINGTALK_LIMITS.title - 1).join('')}…`;
}
