import type { AlertFacts } from '../alert-facts';
import type { NoticeText } from '../notice-text';
import { fitMrkdwn, truncate } from '../text';
import { SLACK_LIMITS } from './slack-limits';

export interface SlackText {
  type: 'plain_text' | 'mrkdwn';
  text: string;
  emoji?: boolean;
}

export type SlackBlock =
  | { type: 'header'; text: SlackText }
  | { type: 'section'; text?: SlackText; fields?: SlackText[] }
  | { type: 'context'; elements: SlackText[] }
  | { type: 'divider' };

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const plain = (text: string, max: number = SLACK_LIMITS.sectionText): SlackText => ({ type: 'plain_text', text: truncate(text, max), emoji: false });
const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text });
// Limits are measured on the escaped text: `<` becomes `&lt;`, so 2,000 of them would be 8,000.
const field = (label: string, value: string): SlackText => mrkdwn(`*${label}*\n${fitMrkdwn(value, SLACK_LIMITS.fieldText - label.length - 3)}`);

/** Block Kit with a plain-text fallback; API text is shown as plain_text or escaped, always within Slack's limits. */
export function buildSlackMessage(facts: AlertFacts, options: { failureMention?: string } = {}): SlackMessage {
  const testMark = facts.test ? '[TEST] ' : '';
  const headline = `${facts.icon} ${testMark}${facts.status} · workflow ${facts.workflow}`;
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(headline, SLACK_LIMITS.headerText) },
    {
      type: 'section',
      fields: [
        field('Status', facts.status),
        field('Workflow', facts.workflow),
        field('Execution', facts.executionId),
        field('Version', facts.version),
        field('Start', facts.start),
        field('End', facts.end),
        field('Duration', facts.duration),
        field('Exec position', facts.execPosition),
      ],
    },
  ];
  if (facts.error !== null) {
    blocks.push({ type: 'section', text: mrkdwn('*Error*') }, { type: 'section', text: plain(facts.error) });
  }
  if (facts.result) {
    const { msg, data, videoPath, other } = facts.result;
    blocks.push({ type: 'section', text: mrkdwn('*Result*') });
    if (msg !== null) blocks.push({ type: 'section', text: plain(`Message: ${msg}`) });
    if (data !== null) blocks.push({ type: 'section', text: plain(`Data: ${data}`) });
    if (videoPath !== null) blocks.push({ type: 'section', text: plain(`Video: ${videoPath}`) });
    if (other !== null) blocks.push({ type: 'section', text: plain(other) });
  }
  if (facts.parameters !== null) blocks.push({ type: 'section', text: plain(`Parameters: ${facts.parameters}`) });
  blocks.push({ type: 'context', elements: [plain(`rpa-notify · execution ${facts.executionId} ${facts.why}`, SLACK_LIMITS.contextText)] });

  const mention = facts.status === 'FAILED' && options.failureMention ? `${options.failureMention} ` : '';
  const detail = facts.error ?? facts.result?.msg ?? facts.result?.other ?? '';
  const summary = `${facts.icon} ${testMark}${facts.status}: workflow ${facts.workflow}, execution ${facts.executionId}${detail ? ` — ${detail}` : ''}`;
  return { text: mention + fitMrkdwn(summary, SLACK_LIMITS.text - mention.length), blocks: blocks.slice(0, SLACK_LIMITS.blocks) };
}

/** A notice about the bot itself; the failure mention opens the "unreachable" one. */
export function buildSlackNotice(notice: NoticeText, options: { mention?: string } = {}): SlackMessage {
  const mention = options.mention ? `${options.mention} ` : '';
  return {
    text: mention + fitMrkdwn(`${notice.icon} ${notice.title}`, SLACK_LIMITS.text - mention.length),
    blocks: [
      { type: 'header', text: plain(`${notice.icon} ${notice.title}`, SLACK_LIMITS.headerText) },
      { type: 'section', text: plain(notice.body) },
      { type: 'context', elements: [plain('rpa-notify · about the bot itself', SLACK_LIMITS.contextText)] },
    ],
  };
}
