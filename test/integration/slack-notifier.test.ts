import { NotifyError } from '../../src/notify/notify-error';
import { createSlackNotifier } from '../../src/notify/slack/slack-notifier';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';
import { rejectionOf } from '../helpers/rejection';
import { FakeSlackServer, slackPostText } from '../helpers/slack-server';

const TOKEN = 'xoxb-test-0123456789-abcdef';

describe('Slack notifier: the real @slack/web-api client against a local server', () => {
  let slack: FakeSlackServer;
  let apiUrl: string;
  const notifier = (timeoutMs?: number) => createSlackNotifier({ token: TOKEN, channel: 'C0RPA', apiUrl, failureMention: '<!here>' }, 'Asia/Shanghai', { timeoutMs });

  beforeEach(async () => {
    slack = new FakeSlackServer();
    apiUrl = await slack.start();
  });
  afterEach(() => slack.stop());

  it('posts Block Kit with fallback text, the token as Bearer, to the configured channel', async () => {
    await notifier().send(transitionOf(sampleFailed));
    expect(slack.posts).toHaveLength(1);
    const [post] = slack.posts;
    expect(post!.token).toBe(TOKEN);
    expect(post!.channel).toBe('C0RPA');
    expect(post!.text.startsWith('<!here> ')).toBe(true);
    expect(post!.blocks.length).toBeGreaterThan(2);
    expect(slackPostText(post!)).toContain("'str' object has no attribute 'get'");
  });

  it('COMPLETED shows the result and 15s for the documented sample', async () => {
    await notifier().send(transitionOf(sampleCompleted));
    const text = slackPostText(slack.posts[0]!);
    expect(text).toContain('运行成功');
    expect(text).toMatch(/Duration\*\n15s/);
  });

  const failure = (promise: Promise<unknown>) => rejectionOf<NotifyError>(promise);

  it.each([
    ['invalid_auth', true],
    ['channel_not_found', true],
    ['not_in_channel', true],
    ['invalid_blocks', true],
    ['internal_error', false],
  ])('Slack error %s: permanent=%s, said plainly', async (code, permanent) => {
    slack.replies.push({ body: { ok: false, error: code } });
    const error = await failure(notifier().send(transitionOf(sampleFailed)));
    expect(error).toBeInstanceOf(NotifyError);
    expect(error.permanent).toBe(permanent);
    expect(error.message).toContain(code);
    expect(error.message).not.toContain(TOKEN);
  });

  it('a 429 is retryable and carries Retry-After; the client does not retry on its own', async () => {
    slack.replies.push({ status: 429, headers: { 'retry-after': '3' }, body: { ok: false, error: 'ratelimited' } });
    const error = await failure(notifier().send(transitionOf(sampleFailed)));
    expect(error.permanent).toBe(false);
    expect(error.retryAfterMs).toBe(3000);
    expect(slack.posts).toHaveLength(0);
  });

  it('a 5xx is retryable, and is not retried inside the client (no double post)', async () => {
    slack.replies.push({ status: 503, body: { ok: false } });
    const error = await failure(notifier().send(transitionOf(sampleFailed)));
    expect(error.permanent).toBe(false);
    await notifier().send(transitionOf(sampleFailed));
    expect(slack.posts).toHaveLength(1);
  });

  it('a Slack that never answers times out as a retryable error', async () => {
    slack.replies.push('hang');
    const error = await failure(notifier(300).send(transitionOf(sampleFailed)));
    expect(error.permanent).toBe(false);
  });

  it('Slack down (connection refused) is retryable', async () => {
    await slack.stop();
    const error = await failure(notifier().send(transitionOf(sampleFailed)));
    expect(error.permanent).toBe(false);
    expect(error.reason).toBe('network');
  });
});
