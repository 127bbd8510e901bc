import { Redis } from 'ioredis';
import type { HealthNotice } from '../../src/domain/health-notice';
import { PrivateRedisServer } from '../helpers/private-redis-server';
import { ApiHealthMonitor } from '../../src/health/api-health-monitor';
import { captureLogger } from '../helpers/capture-logger';
import { Harness } from '../helpers/harness';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { slackPostText } from '../helpers/slack-server';
import { until } from '../helpers/until';

describe('alerts about the bot itself', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ POLL_INTERVAL: '200ms', HEALTH_ALERT_AFTER: '3' });
  });
  afterEach(() => h.stop());

  const notices = () => h.slack.posts.filter((p) => p.text.includes('iFlyRPA'));

  it('after N failed polls in a row: one "unreachable" alert on every channel, then one "recovered"', async () => {
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.injectFault({ kind: 'httpStatus', status: 503 }, 1000);
    bot.startPolling();
    await until(() => notices().length >= 1);
    expect(notices()[0]!.text).toBe('<!here> 🚨 iFlyRPA unreachable: iFlyRPA had a server error (HTTP 503)');
    expect(slackPostText(notices()[0]!)).toContain('3 failed polls in a row');
    await h.smtp.waitForMails(1);
    expect(h.smtp.mails[0]!.subject).toBe('[RPA] iFlyRPA unreachable: iFlyRPA had a server error (HTTP 503)');

    const requestsAtAlert = h.simulator.listRequests().length;
    await until(() => h.simulator.listRequests().length >= requestsAtAlert + 1); // one more failed poll: no second alert
    h.simulator.clearFaults();
    await until(() => notices().length >= 2);
    expect(notices()[1]!.text).toBe('✅ iFlyRPA polling recovered');
    await h.smtp.waitForMails(2);
    expect(h.smtp.mails[1]!.subject).toBe('[RPA] iFlyRPA polling recovered');
    expect(notices()).toHaveLength(2);
    // One plain line per cause, not one per poll (and never a stack trace).
    const failedPolls = h.logs[0]!.messages().filter((m) => m === 'poll failed: iFlyRPA had a server error (HTTP 503)');
    expect(failedPolls.length).toBeGreaterThanOrEqual(1);
    expect(failedPolls.length).toBeLessThan(h.simulator.listRequests().length - 1);
    expect(h.allLogLines().join('\n')).not.toMatch(/"stack"/);
  });

  it('a rejected API key alerts at the first failed poll', async () => {
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.injectFault({ kind: 'httpStatus', status: 401 }, 1000);
    bot.startPolling();
    await until(() => notices().length >= 1);
    expect(notices()[0]!.text).toContain('iFlyRPA unreachable: iFlyRPA rejected the API key (HTTP 401)');
    expect(slackPostText(notices()[0]!)).toContain('1 failed poll in a row');
  });
});

describe('the failure count on Redis', () => {
  const prefix = randomPrefix();
  let redis: Redis;
  let notices: HealthNotice[];
  let now: number;
  let monitor: ApiHealthMonitor;
  beforeEach(() => {
    redis = new Redis(REDIS_URL);
    notices = [];
    now = 1_000_000;
    monitor = new ApiHealthMonitor(redis, prefix, { threshold: 3, logger: captureLogger().logger, notify: async (n) => void notices.push(n), now: () => now });
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('counts failures in a row from the first one, alerts once, and starts afresh after a success', async () => {
    for (const at of [1_000, 2_000, 3_000, 4_000]) {
      now = at;
      await monitor.recordFailure(new Error('down'));
    }
    expect(notices.map((n) => [n.kind, n.since, n.failures])).toEqual([['unreachable', 1_000, 3]]);
    now = 5_000;
    await monitor.recordSuccess();
    for (const at of [6_000, 7_000, 8_000]) {
      now = at;
      await monitor.recordFailure(new Error('down again'));
    }
    expect(notices.map((n) => [n.kind, n.since, n.failures])).toEqual([
      ['unreachable', 1_000, 3],
      ['recovered', 1_000, 3],
      ['unreachable', 6_000, 3],
    ]);
  });

  // MONITOR sees every client of a server: on the shared one, other tests' traffic trips ioredis' monitor
  // mode, so this looks at a private redis-server that only this test uses.
  it('sends Redis 6.2 no command it lacks (SET with both NX and GET came in 7.0)', async () => {
    const server = new PrivateRedisServer();
    await server.start();
    const client = new Redis(server.url);
    const monitorConnection = await new Redis(server.url).monitor();
    const commands: string[][] = [];
    monitorConnection.on('monitor', (_time: string, args: string[]) => void commands.push(args.map(String)));
    try {
      const own = new ApiHealthMonitor(client, prefix, { threshold: 3, logger: captureLogger().logger, notify: async () => undefined, now: () => Date.now() });
      for (let i = 0; i < 4; i++) await own.recordFailure(new Error('down'));
      await own.recordSuccess();
      await client.get(`${prefix}:end-of-test`);
      await until(() => commands.some((c) => c.includes(`${prefix}:end-of-test`)));
      expect(commands.some((c) => c.includes(`${prefix}:end-of-test`))).toBe(true);
      const setWithGet = commands.filter((c) => c[0]?.toLowerCase() === 'set' && c.slice(3).some((a) => a.toUpperCase() === 'GET'));
      expect(setWithGet).toEqual([]);
    } finally {
      monitorConnection.disconnect();
      client.disconnect();
      await server.destroy();
    }
  });
});
