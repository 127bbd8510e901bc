import os from 'node:os';
import { loadConfig } from '../../src/config/config';
import { loadSetup } from '../../src/config/load-setup';
import { webhookChannelKind } from '../../src/notify/webhook/webhook-channel-kind';

const BASE = { IFLYRPA_API_KEY: 'sk-env-test-key' };

describe('WEBHOOK_URL / WEBHOOK_SECRET', () => {
  it('configure the environment’s webhook channel', () => {
    const loaded = loadConfig({ ...BASE, WEBHOOK_URL: 'https://hooks.example.com/rpa', WEBHOOK_SECRET: 'whsec-env-1' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(webhookChannelKind.fromEnv(loaded.config)).toEqual({ url: 'https://hooks.example.com/rpa', secret: 'whsec-env-1' });
  });

  it('are off when unset (and empty counts as unset)', () => {
    const loaded = loadConfig({ ...BASE, WEBHOOK_URL: '' });
    if (!loaded.ok) throw new Error(loaded.problems.join('\n'));
    expect(webhookChannelKind.fromEnv(loaded.config)).toBeUndefined();
  });

  it.each([
    ['a secret without a URL', { WEBHOOK_SECRET: 'whsec-x' }, 'WEBHOOK_URL is required when WEBHOOK_SECRET is set'],
    ['a URL that is not http(s)', { WEBHOOK_URL: 'ftp://hooks.example.com' }, /^WEBHOOK_URL/],
  ])('refuse %s, without showing the value', (_, env, problem) => {
    const loaded = loadConfig({ ...BASE, ...env });
    expect(loaded.ok).toBe(false);
    const problems = loaded.ok ? [] : loaded.problems;
    expect(problems).toEqual(expect.arrayContaining([typeof problem === 'string' ? problem : expect.stringMatching(problem)]));
    expect(problems.join('\n')).not.toMatch(/whsec-x|ftp:/);
  });

  it('their secrets (the secret, and the credentials inside the URL) are scrubbed from logs', () => {
    const url = 'https://rpa:pw-31337@hooks.example.com/rpa?token=tok-8080';
    const setup = loadSetup({ ...BASE, WEBHOOK_URL: url, WEBHOOK_SECRET: 'whsec-env-2', RPA_NOTIFY_CONFIG: '' }, os.tmpdir());
    if (!setup.ok) throw new Error(setup.problems.join('\n'));
    expect(setup.setup.secrets).toEqual(expect.arrayContaining(['whsec-env-2', url, 'pw-31337', 'tok-8080']));
  });
});
