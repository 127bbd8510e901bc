import { Redis } from 'ioredis';
import type { Transition } from '../../src/domain/transition';
import { NotifyError } from '../../src/notify/notify-error';
import { createSlackNotifier } from '../../src/notify/slack/slack-notifier';
import { awaitToken } from '../../src/oncall/edit-pace';
import { FloodControl } from '../../src/oncall/flood-control';
import { StreakStore } from '../../src/oncall/streak-store';
import { StreakThreads } from '../../src/oncall/streak-threads';
import { ThreadStore } from '../../src/oncall/thread-store';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { rejectionOf } from '../helpers/rejection';
import { FakeSlackServer } from '../helpers/slack-server';
import { until } from '../helpers/until';

const WORKFLOW = sampleFailed.projectId;
const DAY = 86_400_000;

/** StreakThreads on its own: real Redis, the real Slack client against the stand-in, races set up by hand. */
describe('StreakThreads (real Redis, the Slack stand-in)', () => {
  let slack: FakeSlackServer;
  let redis: Redis;
  let prefix: string;
  let streaks: StreakStore;
  let notifier: ReturnType<typeof createSlackNotifier>;
  let end = Date.UTC(2026, 0, 6, 1, 0, 0);

  beforeEach(async () => {
    slack = new FakeSlackServer();
    const apiUrl = await slack.start();
    redis = new Redis(REDIS_URL);
    prefix = randomPrefix();
    streaks = new StreakStore(redis, prefix, { maxAgeMs: DAY });
    notifier = createSlackNotifier({ token: 'xoxb-t', channel: 'C0RPA', apiUrl, threads: true }, 'Asia/Shanghai');
  });
  afterEach(async () => {
    redis.disconnect();
    await slack.stop();
    await deleteKeys(prefix);
  });

  const threads = (overrides: Partial<ConstructorParameters<typeof StreakThreads>[0]> = {}) =>
    new StreakThreads({ store: new ThreadStore(redis, prefix, 2 * DAY), readStreak: (_account, id) => streaks.read(id), ...overrides });
  /** A run that ended now, with the streak effect applying it had (as the page processor attaches it). */
  const ended = async (id: string, status: 'FAILED' | 'COMPLETED'): Promise<Transition> => {
    end += 60_000;
    const execution = { ...(status === 'FAILED' ? sampleFailed : sampleCompleted), id, projectId: WORKFLOW, endMs: end };
    const streak = await streaks.apply({ projectId: WORKFLOW, executionId: id, status, at: end });
    return { ...transitionOf(execution), streak };
  };
  const headerOf = (ts: string) => slack.messages.get(ts)?.blocks[0]?.text?.text ?? '';

  it('a stale count that lands after the true one is corrected by the delivery that wrote it', async () => {
    const f1 = await ended('f1', 'FAILED');
    await threads().send('slack', notifier, f1);
    const f2 = await ended('f2', 'FAILED');
    const f3 = await ended('f3', 'FAILED');
    // f3's delivery edits the root to 3 first; then f2's, which read the count while it was 2, lands.
    await threads().send('slack', notifier, f3);
    let stale = true;
    const readStale = async (_account: string, id: string) => {
      const now = await streaks.read(id);
      if (!stale || now === undefined) return now;
      stale = false;
      return { ...now, count: 2 };
    };
    const slow = threads({ readStreak: readStale });
    await slow.send('slack', notifier, f2);
    const root = slack.posts[0]!.ts!;
    expect(slack.updates.map((u) => u.blocks[0]?.text?.text?.match(/(\d+) failed runs/)?.[1])).toEqual(['3', '2', '3']);
    expect(headerOf(root)).toContain('failing: 3 failed runs');
  });

  it('a claim whose holder died (older than the lease) is taken over; a fresh one makes others wait, then retry through the queue', async () => {
    const store = new ThreadStore(redis, prefix, 2 * DAY);
    const f1 = await ended('f1', 'FAILED');
    const address = { channel: 'slack', account: 'default', projectId: WORKFLOW, streakId: 'f1' };
    // f1's delivery claimed the root and died before posting it.
    expect(await store.claim(address, 'f1|FAILED', f1, { now: Date.now(), leaseMs: 30_000 })).toEqual({ kind: 'claimed' });
    const f2 = await ended('f2', 'FAILED');
    const waiting = await rejectionOf<NotifyError>(threads({ waitMs: 300, pollMs: 50 }).send('slack', notifier, f2));
    expect(waiting).toBeInstanceOf(NotifyError);
    expect(waiting).toMatchObject({ permanent: false, reason: 'root_pending' });
    expect(slack.posts).toHaveLength(0);

    // 31 s later the claim has lapsed: f2's retry posts the root, edited to the count of 2.
    await threads({ now: () => Date.now() + 31_000 }).send('slack', notifier, f2);
    expect(slack.posts).toHaveLength(1);
    expect(slack.posts[0]!.threadTs).toBeUndefined();
    expect(headerOf(slack.posts[0]!.ts!)).toContain('failing: 2 failed runs');
    // f1's delivery, back from the dead (a queue retry), replies in f2's thread instead of posting a second root.
    await threads().send('slack', notifier, f1);
    expect(slack.posts.map((p) => p.threadTs)).toEqual([undefined, slack.posts[0]!.ts]);
  });

  it('once recovered, the thread is kept only as long as a retry may need it', async () => {
    await threads().send('slack', notifier, await ended('f1', 'FAILED'));
    await threads().send('slack', notifier, await ended('f2', 'FAILED'));
    const key = `${prefix}:streak-thread:slack:default:${WORKFLOW}:f1`;
    expect(await redis.pttl(key)).toBeGreaterThan(DAY);
    await threads({ keepClosedMs: 60_000 }).send('slack', notifier, await ended('ok', 'COMPLETED'));
    expect(slack.posts.at(-1)).toMatchObject({ threadTs: slack.posts[0]!.ts, replyBroadcast: true });
    expect(await redis.pttl(key)).toBeLessThanOrEqual(60_000);
    expect(await redis.pttl(key)).toBeGreaterThan(0);
  });

  it('a recovery of a streak that never had a root is posted top-level, and a late failure of it too', async () => {
    const f1 = await ended('f1', 'FAILED');
    const ok = await ended('ok', 'COMPLETED');
    await threads().send('slack', notifier, ok);
    await threads().send('slack', notifier, f1);
    expect(slack.posts.map((p) => p.threadTs)).toEqual([undefined, undefined]);
    expect(slack.updates).toHaveLength(0);
  });

  it('a delivery retried after its reply was posted edits the root but does not reply again', async () => {
    await threads().send('slack', notifier, await ended('f1', 'FAILED'));
    const f2 = await ended('f2', 'FAILED');
    slack.replyTo('chat.update', { body: { ok: false, error: 'internal_error' } });
    expect(await rejectionOf<NotifyError>(threads().send('slack', notifier, f2))).toMatchObject({ permanent: false, reason: 'internal_error' });
    await threads().send('slack', notifier, f2);
    expect(slack.posts).toHaveLength(2);
    expect(headerOf(slack.posts[0]!.ts!)).toContain('failing: 2 failed runs');
  });
  it("with flood control, a root edit takes a token of the channel's bucket; none in time: deferred (never grouped), then the root shows the true count", async () => {
    // The bucket's clock is the test's: no token frees until the test moves it.
    let clock = Date.now();
    const flood = new FloodControl(redis, prefix, () => clock);
    const plan = { ratePerSec: 1, burst: 2, gatherMs: 2000 };
    let tries = 0;
    const pace = () => awaitToken({ take: () => (tries++, flood.take('slack', plan)), maxWaitMs: 200 });
    const paced = threads({ deferMs: 100 });
    try {
      await paced.send('slack', notifier, await ended('f1', 'FAILED'), pace);
      const root = slack.posts[0]!.ts!;
      // The channel's bucket is empty (the deliveries' own tokens, as the worker takes them).
      while ((await flood.take('slack', plan)) === 0);
      tries = 0;
      await paced.send('slack', notifier, await ended('f2', 'FAILED'), pace);
      // The reply went (its delivery's token); its edit waits for a token of its own, tried again later.
      expect(slack.posts.map((p) => p.threadTs)).toEqual([undefined, root]);
      await until(() => tries >= 3);
      expect(slack.updates).toHaveLength(0);
      expect(await redis.exists(`${prefix}:flood:waiting:slack`)).toBe(0);
      clock += 1000;
      await slack.waitFor(() => headerOf(root).includes('failing: 2 failed runs'), 'the deferred edit of the root to 2');
      expect(slack.updates).toHaveLength(1);
    } finally {
      paced.close();
    }
  });
});
