import { createHmac, randomBytes } from 'node:crypto';
import type { FakeSlackServer, SlackPost } from './slack-server';

export const SIGNING_SECRET = '8f742231b10e8888abcd99yyyzzz85a5';

export interface SlackUser {
  id: string;
  username: string;
}

/**
 * The block_actions payload Slack posts when `user` clicks the button `actionId` on `post`, with the fields
 * Slack sends (api.slack.com/reference/interaction-payloads/block-actions).
 */
export function clickPayload(slack: FakeSlackServer, post: SlackPost, actionId: string, user: SlackUser, options: { value?: string; withoutBlocks?: boolean } = {}): Record<string, unknown> {
  type ActionsBlock = { type: string; block_id: string; elements: { action_id: string; value: string; text: unknown; type: string }[] };
  const blocks = post.blocks as unknown as ActionsBlock[];
  const buttons = blocks.filter((b) => b.type === 'actions').flatMap((b) => b.elements.map((e) => ({ ...e, block_id: b.block_id })));
  const button = buttons.find((b) => b.action_id === actionId);
  const message = slack.message(post.ts!) ?? post;
  return {
    type: 'block_actions',
    user: { id: user.id, username: user.username, name: user.username, team_id: 'T0RPA' },
    api_app_id: 'A0RPANOTIFY',
    token: 'deprecated-verification-token',
    container: { type: 'message', message_ts: post.ts, channel_id: post.channel, is_ephemeral: false },
    trigger_id: `${Date.now()}.${randomBytes(6).toString('hex')}`,
    team: { id: 'T0RPA', domain: 'rpa' },
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: post.channel, name: 'rpa-alerts' },
    message: { bot_id: 'B0RPA', type: 'message', text: message.text, user: 'U0BOT', ts: post.ts, ...(post.threadTs ? { thread_ts: post.threadTs } : {}), ...(options.withoutBlocks ? {} : { blocks: message.blocks }) },
    state: { values: {} },
    response_url: slack.responseUrl(),
    actions: [
      {
        action_id: actionId,
        block_id: button?.block_id ?? 'unknown-block',
        text: button?.text ?? { type: 'plain_text', text: '?', emoji: true },
        value: options.value ?? button?.value ?? '',
        type: 'button',
        action_ts: `${(Date.now() / 1000).toFixed(6)}`,
      },
    ],
  };
}

/** The form body Slack sends: `payload=` and the JSON, URL-encoded. */
export const formBody = (payload: unknown): string => `payload=${encodeURIComponent(JSON.stringify(payload))}`;

/** The headers Slack signs a request with: `v0=` + hex HMAC-SHA256 of `v0:{timestamp}:{body}`. */
export function slackHeaders(body: string, options: { secret?: string; timestamp?: number } = {}): Record<string, string> {
  const timestamp = String(options.timestamp ?? Math.floor(Date.now() / 1000));
  const signature = `v0=${createHmac('sha256', options.secret ?? SIGNING_SECRET).update(`v0:${timestamp}:${body}`).digest('hex')}`;
  return { 'content-type': 'application/x-www-form-urlencoded', 'x-slack-request-timestamp': timestamp, 'x-slack-signature': signature };
}

/** POSTs to the bot's /slack/actions as Slack would. */
export async function postToActions(url: string, body: string, headers: Record<string, string>): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/slack/actions`, { method: 'POST', headers, body, signal: AbortSignal.timeout(10_000) });
  return { status: response.status, text: await response.text() };
}
