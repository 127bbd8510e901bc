import { t } from '../../i18n/messages';
import type { GroupFacts } from '../group-facts';
import { oneLine } from '../text';
import { WECOM_LIMITS } from './wecom-limits';
import { fitter, font, markdown, mentionLine, type WecomMarkdown } from './wecom-message';
import { utf8Bytes } from './wecom-text';

/** Bytes of UTF-8 each part of an execution's line may take, escaped (a Chinese character is 3). */
const PART = { id: 24, workflow: 60, status: 24, summary: 90 } as const;
/** `> ` + icon (8 bytes at most) + the parts + their separators (` `, `**…**`, ` · `, ` — `): never more. */
const LINE_BYTES = 2 + 8 + 1 + PART.id + 1 + 4 + PART.workflow + 4 + PART.status + 5 + PART.summary;
/** Headline, why, how many more, three section titles, footer and separators, besides the mentions. */
const HEAD = { headline: 160, why: 200, more: 100, footer: 160, titles: 3 * 40, separators: 40 } as const;
const HEAD_BYTES = Object.values(HEAD).reduce((sum, n) => sum + n, 0);
/** The summaries (per workflow, per error) keep at least this much when the lines are as long as they get. */
const SUMMARY_RESERVE = 300;

/**
 * How many executions one grouped message holds on a robot with these mentions: as many lines as fit
 * whole, at their longest, next to the headline and summaries (50 at most, as for any type).
 */
export function wecomGroupCapacity(mention: readonly string[] | undefined): number {
  const mentions = utf8Bytes(mentionLine(mention)) + 2;
  return Math.max(2, Math.min(50, Math.floor((WECOM_LIMITS.contentBytes - HEAD_BYTES - SUMMARY_RESERVE - mentions) / (LINE_BYTES + 1))));
}

/**
 * A grouped message (flood control) as WeCom markdown: headline with the counts, why and how many
 * still wait, one line per execution (short id, workflow, status, first line of the error or result),
 * failures first, then per workflow and per error as far as room is left ("…" for what is not shown:
 * every execution is still named in its line). All API text escaped; content ≤ 4,096 bytes of UTF-8
 * after escaping for up to `wecomGroupCapacity` executions. Failures mention the configured people.
 */
export function buildWecomGroupMessage(facts: GroupFacts, options: { mention?: readonly string[] } = {}): WecomMarkdown {
  const { language } = facts;
  const fitBytes = fitter(language);
  const fit = (text: string, max: number) => fitBytes(oneLine(text), max);
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(language, key, params);
  const headline = `### ${font(facts.failures ? 'warning' : 'info', fit(say('group.headline', { icon: facts.icon, count: facts.count, statuses: facts.statuses }), HEAD.headline - 40))}`;
  const about = [fit(say('group.why'), HEAD.why), ...(facts.remaining > 0 ? [fit(say('group.more', { count: facts.remaining }), HEAD.more)] : [])];
  const head = [headline, font('comment', about.join(' '))];
  const lines = facts.lines.map((l) => {
    const summary = l.summary ? ` — ${fit(l.summary, PART.summary)}` : '';
    return `> ${l.icon} ${fit(l.shortId, PART.id)} **${fit(l.workflow, PART.workflow)}** · ${fit(l.statusText, PART.status)}${summary}`;
  });
  const executions = `**${fit(say('group.executions'), 36)}**\n${lines.join('\n')}`;
  const footer = font('comment', fit(say('group.footer', { count: facts.count }), HEAD.footer - 40));
  const mentions = facts.failures ? mentionLine(options.mention) : '';
  const tail = [footer, ...(mentions ? [mentions] : [])];

  let room = WECOM_LIMITS.contentBytes - utf8Bytes([...head, executions, ...tail].join('\n\n'));
  const summaries: string[] = [];
  const addSection = (title: string, items: string[]) => {
    if (items.length === 0) return;
    const block = listWithin(`**${fit(title, 36)}**`, items, room - 2);
    if (block === null) return;
    summaries.push(block);
    room -= utf8Bytes(block) + 2;
  };
  addSection(say('group.by_workflow'), facts.byWorkflow.map((w) => `- ${say('group.workflow_line', { workflow: fit(w.workflow, PART.workflow), counts: fit(w.counts, 120) })}`));
  addSection(say('group.by_error'), facts.byError.map((e) => `- ${fit(e.text, PART.summary + 60)}`));
  return markdown([...head, ...summaries, executions, ...tail].join('\n\n'));
}

/** The title and as many items as fit in `max` bytes, `- …` standing for the rest; null when not even one fits. */
function listWithin(title: string, items: readonly string[], max: number): string | null {
  const more = '\n- …';
  let out = title;
  for (const [i, item] of items.entries()) {
    const last = i === items.length - 1;
    if (utf8Bytes(out) + 1 + utf8Bytes(item) + (last ? 0 : utf8Bytes(more)) > max) return out === title ? null : out + more;
    out += `\n${item}`;
  }
  return out;
}
