import { slackChannelKind } from '../../src/notify/slack/slack-channel-kind';
import { FakeSlackServer } from '../helpers/slack-server';
import { runChannelContract } from './channel-contract';

const TOKEN = 'xoxb-contract-8675309-secret';

runChannelContract('slack', async () => {
  const slack = new FakeSlackServer();
  const apiUrl = await slack.start();
  return {
    kind: slackChannelKind,
    options: { channel: 'C0CONTRACT', token: TOKEN, apiUrl },
    secret: TOKEN,
    retryAfterSeconds: 7,
    // Each text Slack measures on its own: the top-level text, every block's text and field.
    received: () =>
      slack.posts.flatMap((post) => [
        post.text,
        ...post.blocks.flatMap((block) => [block.text?.text ?? '', ...(block.fields ?? []).map((f) => f.text), ...(block.elements ?? []).map((e) => e.text)]),
      ]),
    answerNext: (answer) => {
      // As Slack answers: a platform error with ok:false, a 5xx, a 429 with Retry-After.
      if (answer === 'permanent') slack.replyTo('chat.postMessage', { body: { ok: false, error: 'invalid_auth' } });
      if (answer === 'transient') slack.replyTo('chat.postMessage', { status: 503, body: { ok: false } });
      if (answer === 'rateLimited') slack.replyTo('chat.postMessage', { status: 429, headers: { 'retry-after': '7' }, body: { ok: false, error: 'ratelimited' } });
    },
    stop: () => slack.stop(),
  };
});
