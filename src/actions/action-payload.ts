import { z } from 'zod';

export const ACTION_KINDS = ['rerun', 'mute', 'ack'] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];

/** The button's `action_id`; the bot's own, so clicks on another app's buttons are told apart. */
export const actionIdOf = (kind: ActionKind): string => `rpa-notify-${kind}`;

/** The button's `value`: what the click acts on, looked up in Redis (an alert the bot did not send is not there). */
export const actionValueOf = (ref: { kind: ActionKind; account: string; executionId: string }): string => `${ref.kind}|${ref.account}|${ref.executionId}`;

/** A block as Slack sends it back in a click's payload: its type, and whatever else it holds. */
export type BlockLike = { type: string; block_id?: string } & Record<string, unknown>;

/** One click, as the worker needs it; `kind: null` for a button the bot does not know (answered, never acted on). */
export interface Click {
  kind: ActionKind | null;
  actionId: string;
  account: string;
  executionId: string;
  userId: string;
  /** The Slack handle (`alice`), else the user id. */
  userName: string;
  channelId: string;
  /** The message the button is on: replies go in its thread, edits go to it. */
  messageTs: string;
  /** Set when that message is itself a reply: the thread to answer in. */
  threadTs?: string;
  messageText: string;
  /** The message's blocks as Slack sent them back, so an edit keeps what the message showed. */
  messageBlocks: BlockLike[];
  responseUrl: string;
}

const slackId = z.string().regex(/^[A-Z0-9]{2,40}$/);
const ts = z.string().regex(/^\d{1,12}\.\d{1,8}$/);

const payloadSchema = z.object({
  type: z.literal('block_actions'),
  user: z.object({ id: z.string().regex(/^[UW][A-Z0-9]{2,40}$/), username: z.string().max(100).optional(), name: z.string().max(100).optional() }),
  actions: z.array(z.object({ action_id: z.string().max(255), value: z.string().max(2000).optional() })).min(1),
  channel: z.object({ id: slackId }).optional(),
  container: z.object({ message_ts: ts.optional(), channel_id: slackId.optional() }).optional(),
  message: z.object({ ts, thread_ts: ts.optional(), text: z.string().max(40_000).optional(), blocks: z.array(z.looseObject({ type: z.string().max(50), block_id: z.string().max(255).optional() })).max(50).optional() }).optional(),
  response_url: z.url({ protocol: /^https?$/ }).max(1000),
});

export type ParsedRequest = { ok: true; click: Click } | { ok: false; problem: string };

/** The body Slack posts for a button click: a form whose `payload` field holds the JSON. Anything else is refused (400). */
export function parseActionRequest(rawBody: Buffer, contentType: string | undefined): ParsedRequest {
  if (!/^application\/x-www-form-urlencoded\b/i.test(contentType ?? '')) return { ok: false, problem: 'expected a form (application/x-www-form-urlencoded)' };
  const payloadText = new URLSearchParams(rawBody.toString('utf8')).get('payload');
  if (payloadText === null) return { ok: false, problem: 'the form has no payload field' };
  let json: unknown;
  try {
    json = JSON.parse(payloadText);
  } catch {
    return { ok: false, problem: 'the payload is not JSON' };
  }
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) return { ok: false, problem: `not a button click the bot can read (${parsed.error.issues[0]?.path.join('.') ?? ''}: ${parsed.error.issues[0]?.message ?? 'invalid'})` };
  const p = parsed.data;
  const channelId = p.channel?.id ?? p.container?.channel_id;
  const messageTs = p.message?.ts ?? p.container?.message_ts;
  if (!channelId || !messageTs) return { ok: false, problem: 'the click is not on a message in a channel' };
  const action = p.actions[0]!;
  return {
    ok: true,
    click: {
      ...readAction(action.action_id, action.value ?? ''),
      actionId: action.action_id,
      userId: p.user.id,
      userName: handleOf(p.user),
      channelId,
      messageTs,
      ...(p.message?.thread_ts && p.message.thread_ts !== messageTs ? { threadTs: p.message.thread_ts } : {}),
      messageText: p.message?.text ?? '',
      messageBlocks: p.message?.blocks ?? [],
      responseUrl: p.response_url,
    },
  };
}

function readAction(actionId: string, value: string): Pick<Click, 'kind' | 'account' | 'executionId'> {
  const [kind, account, executionId, ...rest] = value.split('|');
  const known = ACTION_KINDS.find((k) => actionIdOf(k) === actionId && k === kind);
  if (!known || rest.length > 0 || !account || !executionId) return { kind: null, account: account ?? '', executionId: executionId ?? '' };
  return { kind: known, account, executionId };
}

/** The handle shown in mute reasons and logs; a name with anything unusual in it gives way to the id. */
function handleOf(user: { id: string; username?: string; name?: string }): string {
  const handle = user.username ?? user.name;
  return handle !== undefined && /^[\p{L}\p{N}._-]{1,80}$/u.test(handle) ? handle : user.id;
}
