import { Redis } from 'ioredis';
import type { AddressObject } from 'mailparser';
import { loadConfig } from '../../src/config/config';
import { ChannelDigests } from '../../src/digest/channel-digests';
import type { Channel } from '../../src/notify/build-channels';
import { resolveEmailChannel } from '../../src/notify/email/email-channel-kind';
import { createSmtpSender } from '../../src/notify/email/email-notifier';
import { sampleFailed, transitionOf } from '../fixtures/executions';
import { captureLogger } from '../helpers/capture-logger';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { SmtpSink } from '../helpers/smtp-sink';

const HOUR = 3_600_000;

describe('digests per channel across a reload', () => {
  const smtp = new SmtpSink();
  const prefix = randomPrefix();
  let redis: Redis;
  let smtpUrl: string;
  beforeAll(async () => {
    smtpUrl = `smtp://127.0.0.1:${await smtp.start()}?tls=off`;
    redis = new Redis(REDIS_URL);
  });
  afterAll(async () => {
    redis.disconnect();
    await smtp.stop();
    await deleteKeys(prefix);
  });

  const channel = (to: string): Channel => {
    const loaded = loadConfig({ IFLYRPA_API_KEY: 'k' });
    if (!loaded.ok) throw new Error('config');
    const digest = resolveEmailChannel({ to: [to], mode: 'digest', smtpUrl, from: 'bot@example.com' }, loaded.config);
    return { name: 'finance', type: 'email', statuses: ['FAILED'], language: 'en', immediate: false, digest, notifier: { channel: 'finance', send: async () => undefined, sendNotice: async () => undefined } };
  };

  it('a reload that changes the recipients sends the next digest to the new ones', async () => {
    const digests = new ChannelDigests({ redis, prefix, logger: captureLogger().logger, owner: 'test', senderFor: (email) => createSmtpSender(email.smtpUrl) });
    digests.apply([channel('old@example.com')]);
    await digests.runner('finance')!.tick(Date.now());
    await digests.collect('finance', [transitionOf({ ...sampleFailed, id: `reload-${prefix}` })]);
    digests.apply([channel('new@example.com')]);
    expect(await digests.runner('finance')!.tick(Date.now() + HOUR + 10_000)).toBe('sent');
    const to = smtp.mails.at(-1)!.to as AddressObject;
    expect(to.value.map((a) => a.address)).toEqual(['new@example.com']);
    await digests.stop(1000);
  });
});
