import { Harness } from '../helpers/harness';
import { PrivateRedisServer } from '../helpers/private-redis-server';
import { until } from '../helpers/until';

describe('Redis lost during the run', () => {
  const redis = new PrivateRedisServer();
  let h: Harness;

  beforeAll(() => redis.start());
  afterAll(() => redis.destroy());
  beforeEach(async () => {
    h = await new Harness().start({ REDIS_URL: redis.url, POLL_INTERVAL: '200ms' });
  });
  afterEach(async () => {
    await redis.start().catch(() => undefined);
    await h.stop();
  });

  it('keeps trying without a storm of stack traces, then resumes with no alert lost', async () => {
    const runs = Array.from({ length: 5 }, (_, i) => h.simulator.startExecution({ startedAt: Date.now() - 60_000 + i }));
    const bot = h.addBot();
    await bot.pollAndSettle();
    bot.startPolling();

    await redis.stop(); // SIGKILL: the append-only file keeps what was written
    const linesAtOutage = h.logs[0]!.lines.length;
    for (const r of runs) h.simulator.fail(r.id, `during the Redis outage ${r.id}`);
    const requests = h.simulator.listRequests().length;
    await new Promise((resolve) => setTimeout(resolve, 1500)); // the outage lasts a while (that is the scenario, not a wait for an event)
    expect(h.simulator.listRequests().length).toBe(requests); // no poll can claim its slot without Redis
    await redis.start();

    await until(() => h.slack.posts.length >= 5 && h.smtp.mails.length >= 5);
    await until(() => h.simulator.listRequests().length >= requests + 2);
    expect(h.slack.posts).toHaveLength(5);
    expect(h.smtp.mails).toHaveLength(5);
    const outageLines = h.logs[0]!.lines.slice(linesAtOutage);
    const warnings = outageLines.filter((l) => /"level":(40|50)/.test(l));
    expect(warnings.length).toBeLessThan(10);
    expect(outageLines.join('\n')).not.toMatch(/"stack"|\n\s+at /);
  });
});

describe('a Redis that may evict keys', () => {
  const redis = new PrivateRedisServer(['--maxmemory-policy', 'allkeys-lru']);
  let h: Harness;
  beforeAll(() => redis.start());
  afterAll(async () => {
    await h.stop();
    await redis.destroy();
  });

  it('is warned about at start', async () => {
    h = await new Harness().start({ REDIS_URL: redis.url });
    await h.addBot().warnAboutEviction();
    expect(h.logs[0]!.messages()).toContain(
      "Redis maxmemory-policy is allkeys-lru: under memory pressure Redis may evict the bot's state and queues; set it to noeviction",
    );
  });
});
