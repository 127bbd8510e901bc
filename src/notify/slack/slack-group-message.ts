import { t } from '../../i18n/messages';
import type { GroupFacts } from '../group-facts';
import { escapeMrkdwn, fitMrkdwn, truncate } from '../text';
import { SLACK_LIMITS } from './slack-limits';
import type { SlackBlock, SlackMessage, SlackText } from './slack-message';

/** Escaped characters one part of a line may take: 50 lines stay well inside the 50-block limit. */
const WORKFLOW_CHARS = 100;
const SUMMARY_CHARS = 300;

/**
 * A grouped message (flood control) as Block Kit: a header with the counts by status, why it is grouped
 * and how many still wait, counts per workflow and per error, then one line per execution (short id,
 * workflow, status, first line of the error or result), failures first. API text is escaped and every
 * limit is measured after escaping; lines are packed into sections of at most 3,000 characters, never
 * split, so each execution is named once, whole.
 */
export function buildSlackGroupMessage(facts: GroupFacts, options: { failureMention?: string } = {}): SlackMessage {
  const { language } = facts;
  const say = (key: Parameters<typeof t>[1], params?: Record<string, string | number>) => t(language, key, params);
  const plain = (text: string, max: number): SlackText => ({ type: 'plain_text', text: truncate(text, max, language), emoji: false });
  const headline = say('group.headline', { icon: facts.icon, count: facts.count, statuses: facts.statuses });
  const about = [say('group.why'), ...(facts.remaining > 0 ? [say('group.more', { count: facts.remaining })] : [])];
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(headline, SLACK_LIMITS.headerText) },
    { type: 'context', elements: about.map((line) => plain(line, SLACK_LIMITS.contextText)) },
  ];
  const fit = (text: string, max: number) => fitMrkdwn(text, max, language);
  const workflowLines = facts.byWorkflow.map((w) => `• ${fit(w.workflow, WORKFLOW_CHARS)}: ${escapeMrkdwn(w.counts)}`);
  blocks.push(...sections(say('group.by_workflow'), workflowLines));
  if (facts.byError.length > 0) blocks.push(...sections(say('group.by_error'), facts.byError.map((e) => `• ${fit(e.text, SUMMARY_CHARS + 60)}`)));
  blocks.push({ type: 'divider' });
  const lines = facts.lines.map((line) => {
    const id = /^[\w-]+$/.test(line.shortId) ? `\`${line.shortId}\`` : fit(line.shortId, 40);
    const summary = line.summary ? ` — ${fit(line.summary, SUMMARY_CHARS)}` : '';
    return `${line.icon} ${id} *${fit(line.workflow, WORKFLOW_CHARS)}* · ${escapeMrkdwn(line.statusText)}${summary}`;
  });
  blocks.push(...sections(say('group.executions'), lines));
  blocks.push({ type: 'context', elements: [plain(say('group.footer', { count: facts.count }), SLACK_LIMITS.contextText)] });

  const mention = facts.failures && options.failureMention ? `${options.failureMention} ` : '';
  return { text: mention + fit(headline, SLACK_LIMITS.text - mention.length), blocks };
}

/** `*Title*` and the lines, packed whole into as few sections as fit; a line longer than a section is cut. */
export function sections(title: string, lines: readonly string[], max: number = SLACK_LIMITS.sectionText): SlackBlock[] {
  const out: SlackBlock[] = [];
  let current = `*${escapeMrkdwn(title)}*`;
  for (const raw of lines) {
    const line = raw.length > max - 1 ? raw.slice(0, max - 2) + '…' : raw;
    if (current.length + 1 + line.length > max) {
      out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  if (current) out.push({ type: 'section', text: { type: 'mrkdwn', text: current } });
  return out;
}
