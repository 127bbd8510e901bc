import { Redis } from 'ioredis';
import { Bot } from '../../src/bot';
import { DigestStore } from '../../src/digest/digest-store';
import { createSmtpSender } from '../../src/notify/email/email-notifier';
import { captureLogger } from '../helpers/capture-logger';
import { Harness } from '../helpers/harness';
import { REDIS_URL } from '../helpers/redis';

const HOUR = 3_600_000;

describe.each([
  ['digest', 0],
  ['both', 1],
])('EMAIL_MODE=%s', (mode, immediateMails) => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ EMAIL_MODE: mode, DIGEST_INTERVAL: '1h' });
  });
  afterEach(() => h.stop());

  it(`Slack stays immediate; email: ${immediateMails} immediate mail, then the transition in the period's digest`, async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - 60_000 });
    const bot = h.addBot();
    await bot.pollAndSettle();
    await bot.digestRunner!.tick(Date.now());
    h.simulator.fail(run.id, 'digest-mode failure');
    await bot.pollAndSettle();
    expect(h.slack.posts).toHaveLength(1);
    expect(h.smtp.mails).toHaveLength(immediateMails);

    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    const digest = h.smtp.mails[immediateMails]!;
    expect(digest.subject).toMatch(/^\[RPA\] Digest .*: 1 failed, 0 completed$/);
    expect(digest.text).toContain('digest-mode failure');
    expect(await bot.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('notDue');
  });
});

describe('EMAIL_MODE=digest in a process built without a digest sender (as poll-once was)', () => {
  let h: Harness;
  let redis: Redis;
  beforeEach(async () => {
    h = await new Harness().start({ EMAIL_MODE: 'digest', DIGEST_INTERVAL: '1h' });
    redis = new Redis(REDIS_URL);
  });
  afterEach(async () => {
    redis.disconnect();
    await h.stop();
  });

  it('still collects what it detects, and the digest of another process sends it', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - 60_000 });
    // The sending process runs no workers here, so the page jobs are surely handled by the other one.
    const sender = new Bot({ config: h.config, logger: captureLogger([]).logger, channels: h.channels(), digestSenderFor: (email) => createSmtpSender(email.smtpUrl) });
    h.bots.push(sender);
    await sender.digestRunner!.tick(Date.now());
    const pollOnly = new Bot({ config: h.config, logger: captureLogger([]).logger, channels: h.channels() });
    pollOnly.startWorkers();
    h.bots.push(pollOnly);
    await pollOnly.pollAndSettle();
    h.simulator.fail(run.id, 'failure seen without a digest sender');
    expect((await pollOnly.pollAndSettle()).transitions).toBe(1);

    const waiting = await new DigestStore(redis, h.prefix).entriesBefore(Number.MAX_SAFE_INTEGER);
    expect(waiting.transitions.map((t) => t.execution.id)).toEqual([run.id]);
    expect(await sender.digestRunner!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    expect(h.smtp.mails).toHaveLength(1);
    expect(h.smtp.mails[0]!.text).toContain('failure seen without a digest sender');
  });
});
