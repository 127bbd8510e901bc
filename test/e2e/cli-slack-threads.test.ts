import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { CLI } from '../helpers/run-cli';
import { FakeSlackServer, type SlackPost, slackPostText } from '../helpers/slack-server';
import { until } from '../helpers/until';

const KEY = 'sk-cli-threads-31415';
const MINUTE = 60_000;
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';
const FAILURES = 15;

/** Failing streaks in Slack threads with real processes: three `rpa-notify run` on one Redis, 4 workers each. */
describe('Slack threads with 3 run processes (WORKER_CONCURRENCY=4)', () => {
  const simulator = new IflyrpaSimulator({ apiKey: KEY });
  const slack = new FakeSlackServer();
  const prefix = randomPrefix();
  const children: ChildProcess[] = [];
  const outputs: string[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    env = {
      PATH: process.env.PATH ?? '',
      IFLYRPA_API_KEY: KEY,
      IFLYRPA_BASE_URL: await simulator.start(),
      SLACK_BOT_TOKEN: 'xoxb-cli-threads',
      SLACK_CHANNEL: 'C0THREADS',
      SLACK_API_URL: await slack.start(),
      REDIS_URL,
      KEY_PREFIX: prefix,
      POLL_INTERVAL: '300ms',
      WORKER_CONCURRENCY: '4',
      JOB_LOCK_DURATION: '5s',
      HTTP_PORT: '0',
      LOG_LEVEL: 'info',
      STUCK_AFTER: 'off',
      // Threads under concurrency, one alert per message (flood control would group the burst: its own e2e).
      FLOOD_CONTROL: 'off',
    };
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGKILL');
    await Promise.all([simulator.stop(), slack.stop()]);
    await deleteKeys(prefix);
  });

  const start = (): ChildProcess => {
    const i = outputs.push('') - 1;
    const child = spawn(process.execPath, [CLI, 'run'], { env, cwd: os.tmpdir() });
    child.stdout!.on('data', (chunk) => (outputs[i] += chunk));
    child.stderr!.on('data', (chunk) => (outputs[i] += chunk));
    children.push(child);
    return child;
  };
  const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(child.exitCode) : child.once('exit', resolve)));
  const postsNaming = (id: string): SlackPost[] => slack.posts.filter((p) => slackPostText(p).includes(id));
  /** The root's header as Slack shows it now (after its edits). */
  const headerOf = (ts: string): string => slack.messages.get(ts)?.blocks[0]?.text?.text ?? '';

  it(`a burst of ${FAILURES} failures of one workflow, then a success: one root, each failure once, the root ends at the true count, one broadcast recovery`, async () => {
    simulator.complete(simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 10 * MINUTE }).id);
    const processes = [start(), start(), start()];
    await until(() => outputs.some((o) => o.includes('"recorded":1')) && outputs.every((o) => o.includes('rpa-notify is running')));
    // Slower answers widen every window between a root's claim, its post and the stored ts.
    slack.delayMs = 40;

    const runs = Array.from({ length: FAILURES }, () => simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE }));
    for (const run of runs) simulator.fail(run.id, `robot host went away (${run.id})`);
    await until(() => runs.every((r) => postsNaming(r.id).length > 0));
    const posts = runs.map((r) => postsNaming(r.id));
    expect(posts.map((p) => p.length)).toEqual(runs.map(() => 1));
    const roots = posts.flat().filter((p) => p.threadTs === undefined);
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(posts.flat().filter((p) => p.threadTs === root.ts && !p.replyBroadcast)).toHaveLength(FAILURES - 1);
    // The last edit, whichever process made it, shows the true count.
    await until(() => headerOf(root.ts!).includes(`failing: ${FAILURES} failed runs`));

    const ok = simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - MINUTE });
    simulator.complete(ok.id);
    await until(() => postsNaming(ok.id).length > 0 && headerOf(root.ts!).includes('recovered at'));
    expect(postsNaming(ok.id)).toEqual([expect.objectContaining({ threadTs: root.ts, replyBroadcast: true })]);
    expect(postsNaming(ok.id)[0]!.blocks[0]?.text?.text).toContain(`recovered after ${FAILURES} failed runs`);
    expect(headerOf(root.ts!)).toContain(`after ${FAILURES} failed runs`);

    // A few more polls: nothing comes twice, no second broadcast.
    const requests = simulator.listRequests().length;
    await until(() => simulator.listRequests().length >= requests + 6);
    expect(slack.posts).toHaveLength(FAILURES + 1);
    expect(slack.posts.filter((p) => p.replyBroadcast)).toHaveLength(1);

    const exits = processes.map(exited);
    for (const child of processes) child.kill('SIGTERM');
    expect(await Promise.all(exits)).toEqual([0, 0, 0]);
    expect(outputs.join('\n')).not.toMatch(/"level":50/);
  }, 120_000);
});
