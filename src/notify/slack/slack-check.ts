import type { SlackConfig } from '../../config/config';
import type { CheckLine } from '../channel-kind';
import { classifySlackError, createSlackClient } from './slack-notifier';

/** auth.test, the chat:write scope, and (by channel id, with channels:read) that the bot is in the channel. */
export async function checkSlack(name: string, slack: Pick<SlackConfig, 'token' | 'apiUrl' | 'channel'>): Promise<CheckLine> {
  // The environment's channel keeps the plain wording it always had.
  const label = name === 'slack' ? 'Slack' : `Slack channel "${name}"`;
  const client = createSlackClient(slack, 10_000);
  let who: string;
  try {
    const auth = await client.auth.test();
    who = `bot ${auth.user ?? '?'} in ${auth.team ?? '?'}`;
    // Slack lists the token's scopes in a response header; without chat:write every alert would fail.
    const scopes = auth.response_metadata?.scopes;
    if (scopes && !scopes.includes('chat:write')) {
      return { ok: false, text: `✗ ${label}: the token (${who}) lacks the chat:write scope: add it under OAuth & Permissions, reinstall the app, use the new token` };
    }
  } catch (error) {
    return { ok: false, text: `✗ ${label}: ${classifySlackError(error).message}` };
  }
  // Membership can only be read by channel id, and needs channels:read (groups:read for private channels).
  if (!/^[CG][A-Z0-9]{6,}$/.test(slack.channel)) {
    return { ok: true, text: `✓ ${label}: token accepted (${who}); channel ${slack.channel} given by name, so membership is not checked (use its id, e.g. C0123ABCD)` };
  }
  try {
    const info = await client.conversations.info({ channel: slack.channel });
    if (info.channel?.is_archived) return { ok: false, text: `✗ ${label}: channel ${slack.channel} is archived` };
    if (info.channel?.is_member === false) return { ok: false, text: `✗ ${label}: the bot is not in channel ${slack.channel}: invite it there with /invite @<bot name>` };
    return { ok: true, text: `✓ ${label}: token accepted (${who}), and the bot is in channel ${slack.channel}` };
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.reason === 'missing_scope') {
      return { ok: true, text: `✓ ${label}: token accepted (${who}); add the channels:read scope to let check confirm the bot is in ${slack.channel}` };
    }
    return { ok: false, text: `✗ ${label}: ${failure.message}` };
  }
}
