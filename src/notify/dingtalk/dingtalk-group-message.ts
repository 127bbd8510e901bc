import { t } from '../../i18n/messages';
import type { GroupFacts } from '../group-facts';
import { oneLine } from '../text';
import { DINGTALK_LIMITS, type DingTalkMention, type DingTalkMessage, mentionOf, titleOf } from './dingtalk-message';
import { fitDingTalk } from './dingtalk-markdown';

/** Escaped characters each part of an execution's line may take: a line stays within LINE_CHARS. */
const PART = { id: 24, workflow: 40, status: 12, summary: 60 } as const;
/** `- ` + icon (2) + the parts + their separators (` `, `**…**`, ` · `, ` — `): never more. */
const LINE_CHARS = 2 + 2 + 1 + PART.id + 1 + 4 + PART.workflow + 3 + PART.status + 3 + PART.summary;
/** Headline, why, how many more, three section titles, footer and separators, besides the @ line. */
const HEAD = { headline: 120, why: 200, more: 100, footer: 120, titles: 3 * 30, separators: 40 } as const;
const HEAD_CHARS = Object.values(HEAD).reduce((sum, n) => sum + n, 0);
/** The summaries (per workflow, per error) keep at least this much when the lines are as long as they get. */
const SUMMARY_RESERVE = 400;

/**
 * How many executions one grouped message holds on a robot with this @ line: as many lines as fit
 * whole, at their longest, next to the headline and summaries (50 at most, as for any type).
 */
export function dingTalkGroupCapacity(mention: DingTalkMention): number {
  const line = mentionOf(mention, true).line?.length ?? 0;
  return Math.max(2, Math.min(50, Math.floor((DINGTALK_LIMITS.text - HEAD_CHARS - SUMMARY_RESERVE - line - 1) / (LINE_CHARS + 1))));
}

/**
 * A grouped message (flood control) as DingTalk markdown: headline with the counts, why and how many
 * still wait, one line per execution (short id, workflow, status, first line of the error or result),
 * failures first, then per workflow and per error as far as room is left ("…" for what is not shown:
 * every execution is still named in its line). All API text escaped; `markdown.text` ≤ 4,000 characters
 * after escaping for up to `dingTalkGroupCapacity` executions. Failures @ the configured people.
 */
export function buildDingTalkGroupMessage(facts: GroupFacts, mention: DingTalkMention = { atMobiles: [], atAll: false }): DingTalkMessage {
  const { language } = facts;
  const fit = (text: string, max: number) => fitDingTalk(oneLine(text), max, language);
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(language, key, params);
  const headline = say('group.headline', { icon: facts.icon, count: facts.count, statuses: facts.statuses });
  const { line: atLine, at } = mentionOf(mention, facts.failures);
  const head = [
    `#### ${fit(headline, HEAD.headline)}`,
    ...(atLine ? [atLine] : []),
    `> ${fit(say('group.why'), HEAD.why)}`,
    ...(facts.remaining > 0 ? [`> ${fit(say('group.more', { count: facts.remaining }), HEAD.more)}`] : []),
  ];
  const lines = facts.lines.map((l) => {
    const summary = l.summary ? ` — ${fit(l.summary, PART.summary)}` : '';
    return `- ${l.icon} ${fit(l.shortId, PART.id)} **${fit(l.workflow, PART.workflow)}** · ${fit(l.statusText, PART.status)}${summary}`;
  });
  const executions = `**${fit(say('group.executions'), 26)}**\n${lines.join('\n')}`;
  const footer = `> ${fit(say('group.footer', { count: facts.count }), HEAD.footer)}`;

  let room = DINGTALK_LIMITS.text - [...head, executions, footer].join('\n\n').length;
  const summaries: string[] = [];
  const addSection = (title: string, items: string[]) => {
    if (items.length === 0) return;
    const block = listWithin(`**${fit(title, 26)}**`, items, room - 2);
    if (block === null) return;
    summaries.push(block);
    room -= block.length + 2;
  };
  addSection(say('group.by_workflow'), facts.byWorkflow.map((w) => `- ${say('group.workflow_line', { workflow: fit(w.workflow, PART.workflow), counts: fit(w.counts, 80) })}`));
  addSection(say('group.by_error'), facts.byError.map((e) => `- ${fit(e.text, PART.summary + 40)}`));
  const text = [...head, ...summaries, executions, footer].join('\n\n');
  return { msgtype: 'markdown', markdown: { title: titleOf(headline), text }, at };
}

/** The title and as many items as fit in `max` characters, `- …` standing for the rest; null when not even one fits. */
function listWithin(title: string, items: readonly string[], max: number): string | null {
  const more = '\n- …';
  let out = title;
  for (const [i, item] of items.entries()) {
    const last = i === items.length - 1;
    if (out.length + 1 + item.length + (last ? 0 : more.length) > max) return out === title ? null : out + more;
    out += `\n${item}`;
  }
  return out;
}
