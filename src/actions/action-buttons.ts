import { formatInstant } from '../domain/api-time';
import { type Language, LANGUAGES, t } from '../i18n/messages';
import { type ActionKind, actionIdOf, actionValueOf, type BlockLike } from './action-payload';

/** Block ids the bot gives its own blocks, so a click (and an edit) finds them again. */
export const ACTIONS_BLOCK_ID = 'rpa-notify-actions';
export const STATE_BLOCK_ID = 'rpa-notify-state';

export interface SlackButton {
  type: 'button';
  action_id: string;
  text: { type: 'plain_text'; text: string; emoji: boolean };
  value: string;
  style?: 'primary' | 'danger';
}

export interface SlackActionsBlock {
  type: 'actions';
  block_id: string;
  elements: SlackButton[];
}

const LABELS: Record<ActionKind, 'action.rerun' | 'action.mute' | 'action.ack'> = { rerun: 'action.rerun', mute: 'action.mute', ack: 'action.ack' };

/**
 * Re-run, Mute 2h and Ack for one execution, labelled in the channel's language. The block id holds the
 * language (what the bot says back speaks it too) and the execution (block ids are unique per message).
 */
export function actionsBlock(ref: { account: string; executionId: string }, language: Language, caption?: string): SlackActionsBlock {
  return {
    type: 'actions',
    // Slack's limit is 255: an execution id is far shorter, but the API's values are not ours to trust.
    block_id: `${ACTIONS_BLOCK_ID}|${language}|${ref.executionId}`.slice(0, 255),
    elements: (['rerun', 'mute', 'ack'] as const).map((kind) => ({
      type: 'button',
      action_id: actionIdOf(kind),
      // Slack's limit for a button's text is 75 characters.
      text: { type: 'plain_text', text: [...(caption ? `${t(language, LABELS[kind])} · ${caption}` : t(language, LABELS[kind]))].slice(0, 75).join(''), emoji: true },
      value: actionValueOf({ kind, account: ref.account, executionId: ref.executionId }),
      ...(kind === 'rerun' ? { style: 'primary' as const } : {}),
    })),
  };
}

/** The language the message's buttons were labelled in (English when the message has none of ours). */
export function languageOf(blocks: readonly BlockLike[]): Language {
  for (const block of blocks) {
    const id = typeof block.block_id === 'string' ? block.block_id : '';
    const language = id.startsWith(`${ACTIONS_BLOCK_ID}|`) ? id.split('|')[1] : undefined;
    const known = LANGUAGES.find((l) => l === language);
    if (known) return known;
  }
  return 'en';
}

/** Who acknowledged a failing streak (see AckStore). */
export interface Ack {
  userId: string;
  userName: string;
  at: number;
}

/** `👀 acknowledged by @alice`: the user as a Slack mention, which Slack shows by name. */
export const ackLine = (ack: Pick<Ack, 'userId'>, language: Language): string => t(language, 'action.acked', { user: `<@${ack.userId}>` });

export const muteLine = (mute: { userId: string; until: number }, language: Language, timeZone: string): string =>
  t(language, 'action.muted', { user: `<@${mute.userId}>`, until: formatInstant(mute.until, timeZone).slice(11, 16) });

/**
 * The message's blocks with `line` in the bot's state block (right above the buttons), replacing an earlier
 * line that opens with the same emoji: a second ack replaces the first, an ack and a mute stand together.
 */
export function withStateLine(blocks: readonly BlockLike[], line: string): BlockLike[] {
  const marker = [...line][0] ?? '';
  const state = blocks.find((b) => b.block_id === STATE_BLOCK_ID);
  const kept = state && Array.isArray(state.elements) ? state.elements.filter((e: unknown) => !String((e as { text?: unknown }).text ?? '').startsWith(marker)) : [];
  const next: BlockLike = { type: 'context', block_id: STATE_BLOCK_ID, elements: [...kept, { type: 'mrkdwn', text: line }].slice(-10) };
  if (state) return blocks.map((b) => (b === state ? next : b));
  const buttons = blocks.findIndex((b) => b.type === 'actions');
  const at = buttons < 0 ? blocks.length : buttons;
  return [...blocks.slice(0, at), next, ...blocks.slice(at)].slice(-50);
}

/** One execution of a grouped message, as its buttons name it (`订单同步 · 6cef46ae`). */
export interface GroupedItem {
  account: string;
  executionId: string;
  projectId: string;
  caption: string;
}

/**
 * Buttons for a grouped message: one set per execution when `room` (blocks left in the message) holds them
 * all, else one per workflow acting on its last execution listed, as many workflows as fit, in the order given.
 */
export function groupedActionBlocks(items: readonly GroupedItem[], language: Language, room: number): SlackActionsBlock[] {
  if (room <= 0) return [];
  if (items.length <= room) return items.map((item) => actionsBlock(item, language, item.caption));
  const lastOf = new Map<string, GroupedItem>();
  for (const item of items) lastOf.set(item.projectId, item);
  return [...lastOf.values()].slice(0, room).map((item) => actionsBlock(item, language, item.caption));
}
