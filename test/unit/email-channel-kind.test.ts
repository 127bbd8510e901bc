import { loadConfig } from '../../src/config/config';
import { resolveEmailChannel } from '../../src/notify/email/email-channel-kind';

const configOf = (env: Record<string, string>) => {
  const loaded = loadConfig({ IFLYRPA_API_KEY: 'k', ...env });
  if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
  return loaded.config;
};

describe('an email channel of the config file over the environment', () => {
  const own = { to: ['fin@example.com'], mode: 'digest' as const, smtpUrl: 'smtp://h:25', from: 'bot@example.com' };

  it('takes DIGEST_* from the environment even when the environment configures no email channel of its own', () => {
    const config = configOf({ DIGEST_CRON: '0 9 * * *', DIGEST_TIMEZONE: 'Europe/Berlin', DIGEST_SEND_EMPTY: 'true', DIGEST_MAX_PER_WORKFLOW: '7' });
    expect(config.email).toBeUndefined();
    expect(resolveEmailChannel(own, config).digest).toEqual({ schedule: { kind: 'cron', expression: '0 9 * * *' }, timeZone: 'Europe/Berlin', sendEmpty: true, maxPerWorkflow: 7 });
  });

  it('its own digest: settings win over the environment', () => {
    const config = configOf({ DIGEST_CRON: '0 9 * * *' });
    expect(resolveEmailChannel({ ...own, digest: { intervalMs: 1_800_000, timeZone: 'UTC' } }, config).digest).toMatchObject({ schedule: { kind: 'interval', intervalMs: 1_800_000 }, timeZone: 'UTC' });
  });

  it('SMTP_URL and EMAIL_FROM fill what the file leaves out', () => {
    const config = configOf({ SMTP_URL: 'smtp://env-host:25', EMAIL_FROM: 'env@example.com', EMAIL_TO: 'ops@example.com' });
    expect(resolveEmailChannel({ to: ['fin@example.com'], mode: 'immediate' }, config)).toMatchObject({ smtpUrl: 'smtp://env-host:25', from: 'env@example.com', to: ['fin@example.com'] });
  });
});
