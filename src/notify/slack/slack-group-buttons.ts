import { groupedActionBlocks } from '../../actions/action-buttons';
import { ACTIONABLE } from '../../actions/actionable';
import type { Transition } from '../../domain/transition';
import type { Language } from '../../i18n/messages';
import type { SlackBlock, SlackMessage } from './slack-message';
import { SLACK_LIMITS } from './slack-limits';

/**
 * A grouped message with Slack actions: one set of Re-run / Mute 2h / Ack per FAILED or STUCK execution
 * when the message has room for them all, else one per workflow (its last execution listed). The buttons go
 * right above the footer, which stays the last block; the message never passes Slack's 50 blocks.
 */
export function withGroupButtons(message: SlackMessage, transitions: readonly Transition[], options: { language: Language; workflowLabel: (projectId: string) => string }): SlackMessage {
  const items = transitions
    .filter((t) => ACTIONABLE.has(t.execution.status))
    .map((t) => ({ account: t.account ?? 'default', executionId: t.execution.id, projectId: t.execution.projectId, caption: `${t.execution.id.slice(0, 8)} · ${options.workflowLabel(t.execution.projectId)}` }));
  const room = SLACK_LIMITS.blocks - message.blocks.length;
  const buttons: SlackBlock[] = groupedActionBlocks(items, options.language, room);
  if (buttons.length === 0) return message;
  const footer = message.blocks.at(-1);
  return { ...message, blocks: [...message.blocks.slice(0, -1), ...buttons, ...(footer ? [footer] : [])] };
}
