import { actionsBlock, type SlackActionsBlock } from '../../actions/action-buttons';
import { ACTIONABLE } from '../../actions/actionable';
import { type Language, type MessageKey, t } from '../../i18n/messages';
import { type AlertFacts, oncallLines } from '../alert-facts';
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
  | { type: 'divider' }
  | SlackActionsBlock;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

const plainIn = (language: Language) => (text: string, max: number = SLACK_LIMITS.sectionText): SlackText => ({ type: 'plain_text', text: truncate(text, max, language), emoji: false });
const mrkdwn = (text: string): SlackText => ({ type: 'mrkdwn', text });

/** Block Kit with a plain-text fallback, in the facts' language; API text is shown as plain_text or escaped, always within Slack's limits. */
/** The statuses whose alerts carry Re-run / Mute 2h / Ack when Slack actions are on. */
export const ACTIONABLE_STATUSES: readonly string[] = [...ACTIONABLE];

/** `actions`: SLACK_SIGNING_SECRET is set, so FAILED and STUCK alerts (not test ones) carry buttons for this account's run. */
export function buildSlackMessage(facts: AlertFacts, options: { failureMention?: string; actions?: { account: string } } = {}): SlackMessage {
  const language = facts.language;
  const plain = plainIn(language);
  const say = (key: MessageKey, params?: Record<string, string>) => t(language, key, params);
  // Limits are measured on the escaped text: `<` becomes `&lt;`, so 2,000 of them would be 8,000.
  const field = (key: MessageKey, value: string): SlackText => {
    const label = say(key);
    return mrkdwn(`*${label}*\n${fitMrkdwn(value, SLACK_LIMITS.fieldText - label.length - 3, language)}`);
  };
  const test = facts.test ? say('alert.test_mark') : '';
  const headline = say('alert.headline', { icon: facts.icon, test, status: facts.statusText, workflow: facts.workflow });
  const blocks: SlackBlock[] = [
    { type: 'header', text: plain(headline, SLACK_LIMITS.headerText) },
    {
      type: 'section',
      fields: [
        field('label.status', facts.statusText),
        field('label.workflow', facts.workflow),
        field('label.execution', facts.executionId),
        field('label.version', facts.version),
        field('label.start', facts.start),
        field('label.end', facts.end),
        field('label.duration', facts.duration),
        field('label.exec_position', facts.execPosition),
      ],
    },
  ];
  const oncall = oncallLines(facts);
  // Right under the header: on call reads "still the same problem" or "over" before the details.
  if (oncall.length > 0) blocks.splice(1, 0, { type: 'context', elements: oncall.map((line) => plain(line, SLACK_LIMITS.contextText)) });
  if (facts.error !== null) {
    blocks.push({ type: 'section', text: mrkdwn(`*${say('label.error')}*`) }, { type: 'section', text: plain(facts.error) });
  }
  if (facts.result) {
    const { msg, data, videoPath, other } = facts.result;
    blocks.push({ type: 'section', text: mrkdwn(`*${say('label.result')}*`) });
    if (msg !== null) blocks.push({ type: 'section', text: plain(say('slack.result_message', { value: msg })) });
    if (data !== null) blocks.push({ type: 'section', text: plain(say('slack.result_data', { value: data })) });
    if (videoPath !== null) blocks.push({ type: 'section', text: plain(say('slack.video', { value: videoPath })) });
    if (other !== null) blocks.push({ type: 'section', text: plain(other) });
  }
  if (facts.parameters !== null) blocks.push({ type: 'section', text: plain(say('slack.parameters', { value: facts.parameters })) });
  blocks.push({ type: 'context', elements: [plain(say('slack.footer', { execution: facts.executionId, why: facts.why }), SLACK_LIMITS.contextText)] });

  const mention = facts.status === 'FAILED' && options.failureMention ? `${options.failureMention} ` : '';
  const detail = facts.error ?? facts.result?.msg ?? facts.result?.other ?? '';
  const summary =
    say('slack.summary', { icon: facts.icon, test, status: facts.statusText, workflow: facts.workflow, execution: facts.executionId }) + (detail ? say('slack.summary_detail', { detail }) : '');
  const buttons = options.actions && !facts.test && ACTIONABLE_STATUSES.includes(facts.status) ? [actionsBlock({ account: options.actions.account, executionId: facts.executionId }, language)] : [];
  return { text: mention + fitMrkdwn(summary, SLACK_LIMITS.text - mention.length, language), blocks: [...blocks.slice(0, SLACK_LIMITS.blocks - buttons.length), ...buttons] };
}

/** A notice about the bot itself, in the notice's language; the failure mention opens the "unreachable" one. */
export function buildSlackNotice(notice: NoticeText, options: { mention?: string } = {}): SlackMessage {
  const language = notice.language ?? 'en';
  const plain = plainIn(language);
  const mention = options.mention ? `${options.mention} ` : '';
  const headline = t(language, 'notice.icon_text', { icon: notice.icon, title: notice.title });
  return {
    text: mention + fitMrkdwn(headline, SLACK_LIMITS.text - mention.length, language),
    blocks: [
      { type: 'header', text: plain(headline, SLACK_LIMITS.headerText) },
      { type: 'section', text: plain(notice.body) },
      { type: 'context', elements: [plain(t(language, 'slack.notice_footer'), SLACK_LIMITS.contextText)] },
    ],
  };
}
