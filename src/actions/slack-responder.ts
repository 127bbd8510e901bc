import type { WebClient } from '@slack/web-api';
import { classifySlackError } from '../notify/slack/slack-notifier';
import type { BlockLike } from './action-payload';

/** What the bot says back to a click: in the alert's thread, on the alert itself, or to the clicker alone. */
export interface SlackResponder {
  replyInThread(channel: string, threadTs: string, text: string): Promise<void>;
  updateMessage(channel: string, ts: string, text: string, blocks: BlockLike[]): Promise<void>;
  /** Only the clicker sees it (`response_url`, ephemeral), so a refusal does not clutter the channel. */
  tellClicker(responseUrl: string, text: string): Promise<void>;
}

export function createSlackResponder(client: WebClient, options: { timeoutMs?: number } = {}): SlackResponder {
  const slack = async (call: () => Promise<unknown>): Promise<void> => {
    try {
      await call();
    } catch (error) {
      throw classifySlackError(error);
    }
  };
  return {
    replyInThread: (channel, threadTs, text) => slack(() => client.chat.postMessage({ channel, thread_ts: threadTs, text, unfurl_links: false, unfurl_media: false })),
    updateMessage: (channel, ts, text, blocks) => slack(() => client.chat.update({ channel, ts, text, blocks })),
    async tellClicker(responseUrl, text) {
      const response = await fetch(responseUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, text }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
        redirect: 'error',
      });
      // Slack answers 404 once the URL has expired (30 minutes) or been used five times.
      if (!response.ok) throw new Error(`Slack refused the reply to the clicker (HTTP ${response.status})`);
    },
  };
}
