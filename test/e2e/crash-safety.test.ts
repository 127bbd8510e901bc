import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { FakeSlackServer, slackPostText } from '../helpers/slack-server';
import { SmtpSink } from '../helpers/smtp-sink';
import { until } from '../helpers/until';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');
const KEY = 'sk-crash-test-2718';
const RUNS = 100;
const CONCURRENCY = 4;

describe('crash safety: SIGKILL at any moment, then restart', () => {
  const simulator = new IflyrpaSimulator({ apiKey: KEY });
  const slack = new FakeSlackServer();
  const smtp = new SmtpSink();
  const prefix = randomPrefix();
  let env: Record<string, string>;
  let child: ChildProcess | undefined;
  let output = '';

  beforeAll(async () => {
    env = {
      PATH: process.env.PATH ?? '',
      IFLYRPA_API_KEY: KEY,
      IFLYRPA_BASE_URL: await simulator.start(),
      SLACK_BOT_TOKEN: 'xoxb-crash',
      SLACK_CHANNEL: 'C0CRASH',
      SLACK_API_URL: await slack.start(),
      SMTP_URL: `smtp://127.0.0.1:${await smtp.start()}?tls=off`,
      EMAIL_FROM: 'bot@example.com',
      EMAIL_TO: 'oncall@example.com',
      REDIS_URL,
      KEY_PREFIX: prefix,
      POLL_INTERVAL: '300ms',
      JOB_LOCK_DURATION: '2s',
      WORKER_CONCURRENCY: String(CONCURRENCY),
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      // Counts one message per alert by full execution id; grouped messages have their own crash test (flood-control).
      FLOOD_CONTROL: 'off',
    };
  });
  afterAll(async () => {
    child?.kill('SIGKILL');
    await Promise.all([simulator.stop(), slack.stop(), smtp.stop()]);
    await deleteKeys(prefix);
  });

  function startBot(): ChildProcess {
    const started = spawn(process.execPath, [CLI, 'run'], { env });
    started.stdout!.on('data', (chunk) => (output += chunk));
    started.stderr!.on('data', (chunk) => (output += chunk));
    return started;
  }

  async function kill(process: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => process.once('exit', resolve));
    process.kill('SIGKILL');
    await exited;
  }

  const alerted = (texts: string[]) => new Set(texts.flatMap((t) => t.match(/[0-9a-f]{8}-[0-9a-f-]{27}/g) ?? []));
  const slackIds = () => alerted(slack.posts.map(slackPostText));
  const mailIds = () => alerted(smtp.mails.map((m) => m.text ?? ''));

  it(`a burst of ${RUNS} transitions with the bot killed again and again: none lost, duplicates only from sends in flight`, async () => {
    const runs = Array.from({ length: RUNS }, (_, i) => simulator.startExecution({ startedAt: Date.now() - 60_000 + i * 10 }));
    child = startBot();
    await until(() => output.includes(`"recorded":${RUNS}`));
    slack.delayMs = 40; // each post stays "in flight" a while: kills land between a send and its record
    for (const [i, r] of runs.entries()) {
      if (i % 3 === 0) simulator.fail(r.id, `burst failure ${i}`);
      else simulator.complete(r.id);
    }
    let kills = 0;
    // First kill: during the poll that sees the burst (between detection and the notifications).
    const requests = simulator.listRequests().length;
    await until(() => simulator.listRequests().length > requests);
    await kill(child);
    kills++;
    child = startBot();
    for (const threshold of [10, 35, 60, 90, 130, 170]) {
      await until(() => slack.posts.length + smtp.mails.length >= threshold);
      await kill(child);
      kills++;
      child = startBot();
    }
    await until(() => slackIds().size === RUNS && mailIds().size === RUNS);

    const ids = runs.map((r) => r.id);
    expect([...slackIds()].filter((id) => ids.includes(id))).toHaveLength(RUNS);
    expect([...mailIds()].filter((id) => ids.includes(id))).toHaveLength(RUNS);
    const slackDuplicates = slack.posts.length - RUNS;
    const mailDuplicates = smtp.mails.length - RUNS;
    // Reported for the record: a kill can repeat at most the sends it interrupted (CONCURRENCY per channel).
    console.info(`crash test: ${kills} kills during ${RUNS} transitions; duplicates: Slack ${slackDuplicates}, email ${mailDuplicates}`);
    expect(slackDuplicates).toBeLessThanOrEqual(kills * CONCURRENCY);
    expect(mailDuplicates).toBeLessThanOrEqual(kills * CONCURRENCY);

    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    child = undefined;
  }, 180_000);

  it('SIGTERM while a send hangs: exits 0 after SHUTDOWN_TIMEOUT, and the next process delivers the alert', async () => {
    slack.delayMs = 0;
    const postsBefore = slack.posts.length;
    const run = simulator.startExecution({ startedAt: Date.now() - 1000 });
    env.SHUTDOWN_TIMEOUT = '1s';
    child = startBot();
    const requests = simulator.listRequests().length;
    await until(() => simulator.listRequests().length > requests + 1); // two polls: the run is known as PENDING
    slack.replies.push('hang');
    const received = slack.received;
    simulator.fail(run.id, 'ended while shutting down');
    await until(() => slack.received > received); // the send is in flight, and will never be answered
    output = '';
    const exited = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(output).toContain('jobs still running after 1000 ms; closing anyway (they will be retried)');

    child = startBot();
    await until(() => slack.posts.length > postsBefore);
    expect(slackPostText(slack.posts[slack.posts.length - 1]!)).toContain('ended while shutting down');
    const stopped = new Promise<number | null>((resolve) => child!.once('exit', resolve));
    child.kill('SIGTERM');
    expect(await stopped).toBe(0);
    child = undefined;
  }, 60_000);
});
