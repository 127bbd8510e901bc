import { Cluster } from 'ioredis';
import { stateKeys } from '../../src/state/keys';
import { Harness } from '../helpers/harness';
import { PrivateRedisCluster } from '../helpers/private-redis-cluster';
import { slackPostText } from '../helpers/slack-server';
import { until } from '../helpers/until';

const idsIn = (texts: string[]) => texts.flatMap((t) => t.match(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g) ?? []);

/** Counts per execution id of what reached Slack and email. */
function deliveries(h: Harness): { slack: Map<string, number>; email: Map<string, number> } {
  const count = (ids: string[]) => ids.reduce((m, id) => m.set(id, (m.get(id) ?? 0) + 1), new Map<string, number>());
  // A grouped Slack message names each execution once; a mail is about one execution (its id may repeat in the body).
  return { slack: count(h.slack.posts.flatMap((p) => [...new Set(idsIn([slackPostText(p)]))])), email: count(h.smtp.mails.flatMap((m) => [...new Set(idsIn([m.text ?? '']))])) };
}

describe('on a Redis Cluster (REDIS_CLUSTER_NODES)', () => {
  const cluster = new PrivateRedisCluster();
  let h: Harness;

  beforeAll(() => cluster.start(), 90_000);
  afterAll(() => cluster.destroy());
  beforeEach(async () => {
    h = await new Harness().start({ REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodes, POLL_INTERVAL: '200ms' });
  });
  afterEach(() => h.stop());

  it('two processes share the work: each alert once, and every key of the deployment sits in the slot of {KEY_PREFIX}', async () => {
    expect(h.config.keyPrefix).toBe(`{${h.prefix}}`);
    const runs = Array.from({ length: 8 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - 60_000 + i }));
    const [a, b] = [h.addBot(), h.addBot()];
    await a.pollAndSettle(); // the baseline
    a.startPolling();
    b.startPolling();
    for (const [i, r] of runs.entries()) {
      if (i % 2 === 0) h.simulator.fail(r.id, `cluster failure ${i}`);
      else h.simulator.complete(r.id);
    }
    await until(() => deliveries(h).slack.size === runs.length && deliveries(h).email.size === runs.length);
    const { slack, email } = deliveries(h);
    // A send in flight when the master died could not record "sent": its retry repeats it once (the duplicate
    // the README's Failure behaviour names). Runs that ended during the outage are detected after it: once each.
    for (const r of runs.slice(0, 6)) {
      expect([1, 2]).toContain(slack.get(r.id));
      expect([1, 2]).toContain(email.get(r.id));
    }
    for (const r of runs.slice(6)) {
      expect(slack.get(r.id)).toBe(1);
      expect(email.get(r.id)).toBe(1);
    }
    expect(h.allLogLines().join('\n')).not.toMatch(/CROSSSLOT|MOVED|ASK /);

    const redis = new Cluster(cluster.nodes.split(',').map((n) => ({ host: '127.0.0.1', port: Number(n.split(':')[1]) })));
    try {
      await redis.ping();
      const keysByMaster = await Promise.all(redis.nodes('master').map((node) => node.keys(`*${h.prefix}*`)));
      const keys = keysByMaster.flat();
      expect(keys).toContain(stateKeys(h.config.keyPrefix).baseline);
      expect(keys.some((k) => k.startsWith(stateKeys(h.config.keyPrefix).seenBucketPrefix))).toBe(true); // the executions' state
      expect(keys.some((k) => k.startsWith(`{${h.prefix}}:page:`))).toBe(true); // BullMQ's keys too
      expect(keys.every((k) => k.startsWith(`{${h.prefix}}:`))).toBe(true);
      expect(keysByMaster.filter((k) => k.length > 0)).toHaveLength(1);
    } finally {
      redis.disconnect();
    }
  }, 90_000);

  it('the master that holds the deployment is killed and restarted mid-run: nothing lost; only a send in flight at the kill may repeat', async () => {
    const runs = Array.from({ length: 12 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - 60_000 + i }));
    const [a, b] = [h.addBot(), h.addBot()];
    await a.pollAndSettle();
    a.startPolling();
    b.startPolling();
    for (const r of runs.slice(0, 6)) h.simulator.fail(r.id, `before the restart ${r.id}`);
    await until(() => deliveries(h).email.size >= 3);

    const owner = await cluster.ownerOf(h.prefix);
    await owner.stop(); // SIGKILL: the append-only file keeps every write
    for (const r of runs.slice(6)) h.simulator.complete(r.id);
    await new Promise((resolve) => setTimeout(resolve, 1000)); // the outage lasts a while (the scenario, not a wait for an event)
    await owner.start();
    await cluster.waitUntilServing();

    await until(() => deliveries(h).slack.size === runs.length && deliveries(h).email.size === runs.length);
    const { slack, email } = deliveries(h);
    // A send in flight when the master died could not record "sent": its retry repeats it once (the duplicate
    // the README's Failure behaviour names). Runs that ended during the outage are detected after it: once each.
    for (const r of runs.slice(0, 6)) {
      expect([1, 2]).toContain(slack.get(r.id));
      expect([1, 2]).toContain(email.get(r.id));
    }
    for (const r of runs.slice(6)) {
      expect(slack.get(r.id)).toBe(1);
      expect(email.get(r.id)).toBe(1);
    }
    // The master came back with its data: no second baseline (that would have taken the runs for history).
    expect(h.allLogLines().filter((l) => l.includes('no state in Redis'))).toHaveLength(1);
  }, 120_000);
});
