import { t } from '../../i18n/messages';
import type { GroupFacts } from '../group-facts';
import { oneLine, truncate } from '../text';
import { card, type FeishuCardMessage, type FeishuElement, fitted, md } from './feishu-message';
import { escapeLarkMd } from './feishu-text';

/** Characters a value of a line keeps before the body is fitted: 50 lines read as a list, not a wall. */
const CHARS = { id: 24, workflow: 60, status: 20, summary: 160, summaryLine: 220 } as const;

/**
 * A grouped message (flood control) as a Feishu card: header with the counts, why and how many still
 * wait, counts per workflow and per error, then one line per execution (short id, workflow, status,
 * first line of the error or result), failures first. API text is lark_md-escaped; the whole JSON body
 * is fitted to 20 KB (fitted: values cut evenly, longest first). Ids are never cut: each execution is
 * named once, whole, for all 50.
 */
export function buildFeishuGroupCard(facts: GroupFacts): FeishuCardMessage {
  const { language } = facts;
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(language, key, params);
  const title = say('group.headline', { icon: facts.icon, count: facts.count, statuses: facts.statuses });
  const about = [say('group.why'), ...(facts.remaining > 0 ? [say('group.more', { count: facts.remaining })] : [])];
  const short = (text: string, max: number) => truncate(oneLine(text), max, language);
  const lines = facts.lines.map((l) => ({
    id: escapeLarkMd(short(l.shortId, CHARS.id)),
    icon: l.icon,
    workflow: short(l.workflow, CHARS.workflow),
    status: short(l.statusText, CHARS.status),
    summary: l.summary ? short(l.summary, CHARS.summary) : null,
  }));
  const byWorkflow = facts.byWorkflow.map((w) => short(say('group.workflow_line', { workflow: w.workflow, counts: w.counts }), CHARS.workflow + 60));
  const byError = facts.byError.map((e) => short(e.text, CHARS.summaryLine));
  const values = [...lines.flatMap((l) => [l.workflow, l.status, l.summary ?? '']), ...byWorkflow, ...byError];
  const section = (heading: string, items: string[]): FeishuElement => ({ tag: 'div', text: md(`**${escapeLarkMd(heading)}**\n${items.join('\n')}`) });
  return fitted(
    values,
    (fit) => {
      const elements: FeishuElement[] = [{ tag: 'note', elements: about.map((content) => ({ tag: 'plain_text', content })) }];
      elements.push(section(say('group.by_workflow'), byWorkflow.map((w) => `- ${fit(w)}`)));
      if (byError.length > 0) elements.push(section(say('group.by_error'), byError.map((e) => `- ${fit(e)}`)));
      elements.push({ tag: 'hr' });
      elements.push(section(say('group.executions'), lines.map((l) => `${l.icon} ${l.id} **${fit(l.workflow)}** · ${fit(l.status)}${l.summary !== null ? ` — ${fit(l.summary)}` : ''}`)));
      elements.push({ tag: 'note', elements: [{ tag: 'plain_text', content: say('group.footer', { count: facts.count }) }] });
      return card(facts.failures ? 'red' : 'green', title, elements);
    },
    language,
  );
}
