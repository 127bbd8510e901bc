import { spawn } from 'node:child_process';
import net from 'node:net';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { CLI } from '../helpers/run-cli';
import { SIGNING_SECRET, clickPayload, formBody, postToActions, slackHeaders } from '../helpers/slack-click';
import { FakeSlackServer, slackPostText } from '../helpers/slack-server';

const KEY = 'sk-cli-actions-1618033';
const TOKEN = 'xoxb-cli-actions-token-4669';
const ORDERS = '2008381617971200000';

/** A port free right now (the child binds it a moment later). */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('rpa-notify run with SLACK_SIGNING_SECRET', () => {
  const simulator = new IflyrpaSimulator({ apiKey: KEY });
  const slack = new FakeSlackServer();
  const prefix = randomPrefix();
  afterAll(async () => {
    await Promise.all([simulator.stop(), slack.stop()]);
    await deleteKeys(prefix);
  });

  it('serves POST /slack/actions on its HTTP port: a Re-run click starts the run and is answered in the thread; the secret is never logged', async () => {
    simulator.asyncRuns = { endAfterMs: null, status: 'COMPLETED' };
    const port = await freePort();
    const env = {
      PATH: process.env.PATH ?? '',
      IFLYRPA_API_KEY: KEY,
      IFLYRPA_BASE_URL: await simulator.start(),
      SLACK_API_URL: await slack.start(),
      SLACK_BOT_TOKEN: TOKEN,
      SLACK_CHANNEL: 'C0RPA',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      REDIS_URL,
      KEY_PREFIX: prefix,
      HTTP_PORT: String(port),
      POLL_INTERVAL: '300ms',
      STUCK_AFTER: 'off',
    };
    const run = simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000 });
    const child = spawn(process.execPath, [CLI, 'run'], { env });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waitFor = async (what: string, test: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${output}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor('the baseline', () => output.includes('baseline: recorded'));
      simulator.fail(run.id, 'robot crashed');
      await slack.waitForPosts(1);
      const post = slack.posts[0]!;
      expect(slackPostText(post)).toContain(run.id);

      const body = formBody(clickPayload(slack, post, 'rpa-notify-rerun', { id: 'U0ALICE', username: 'alice' }));
      const answer = await postToActions(`http://127.0.0.1:${port}`, body, slackHeaders(body));
      expect(answer.status).toBe(200);
      await slack.waitFor(() => slack.posts.some((p) => p.threadTs === post.ts), 'the re-run reply in the thread');
      expect(simulator.executeRequests()).toHaveLength(1);
      // The child's log reaches us through a pipe: it may arrive after Slack heard from it.
      await waitFor('the re-run log line', () => output.includes('re-run from Slack by @alice'));
      const forged = await postToActions(`http://127.0.0.1:${port}`, body, slackHeaders(body, { secret: 'forged-secret-000' }));
      expect(forged.status).toBe(401);
      expect(output).not.toContain(SIGNING_SECRET);
      expect(output).not.toContain(TOKEN);
    } finally {
      child.kill('SIGTERM');
      expect(await closed).toBe(0);
    }
  });
});
