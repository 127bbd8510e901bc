import { loadConfig } from '../../src/config/config';

describe('loadConfig', () => {
  it('needs only the API key; every other variable has the documented default', () => {
    const result = loadConfig({ IFLYRPA_API_KEY: 'k-123456' });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config).toMatchObject({
      api: { baseUrl: 'https://newapi.iflyrpa.com', pageSize: 100, startTimeOffset: '+08:00', endTimeOffset: '+00:00' },
      pollIntervalMs: 30_000,
      maxPagesPerPoll: 20,
      displayTimeZone: 'Asia/Shanghai',
      notifyStatuses: ['FAILED', 'COMPLETED'],
      redisUrl: 'redis://127.0.0.1:6379',
      keyPrefix: 'rpa-notify',
      http: { host: '127.0.0.1', port: 8080 },
      logLevel: 'info',
      slackThreads: true,
    });
    expect(result.config.slack).toBeUndefined();
    expect(result.config.email).toBeUndefined();
  });

  it('lists every bad variable at once, one line each, without printing a secret', () => {
    const result = loadConfig({
      POLL_INTERVAL: 'soon',
      PAGE_SIZE: '500',
      DISPLAY_TIMEZONE: 'Mars/Olympus',
      IFLYRPA_START_TIME_OFFSET: '8',
      SLACK_BOT_TOKEN: 'xoxb-very-secret-token',
      SMTP_URL: 'smtp://user:hunter2-secret@mail.example.com:587',
      EMAIL_MODE: 'sometimes',
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    const text = result.problems.join('\n');
    for (const name of ['IFLYRPA_API_KEY', 'POLL_INTERVAL', 'PAGE_SIZE', 'DISPLAY_TIMEZONE', 'IFLYRPA_START_TIME_OFFSET', 'SLACK_CHANNEL', 'EMAIL_TO', 'EMAIL_MODE']) {
      expect(text).toContain(name);
    }
    expect(result.problems.every((p) => !p.includes('\n'))).toBe(true);
    expect(text).not.toContain('xoxb-very-secret-token');
    expect(text).not.toContain('hunter2-secret');
  });

  it('parses durations, status lists and channels', () => {
    const result = loadConfig({
      IFLYRPA_API_KEY: 'k',
      POLL_INTERVAL: '500ms',
      NOTIFY_STATUSES: 'failed, cancelled',
      SLACK_BOT_TOKEN: 'xoxb-1',
      SLACK_CHANNEL: '#rpa',
      SMTP_URL: 'smtps://u:p@mail.example.com:465',
      EMAIL_FROM: 'bot@example.com',
      EMAIL_TO: 'a@example.com, b@example.com',
      HTTP_PORT: '0',
    });
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.pollIntervalMs).toBe(500);
    expect(result.config.notifyStatuses).toEqual(['FAILED', 'CANCELLED']);
    expect(result.config.slack).toMatchObject({ token: 'xoxb-1', channel: '#rpa' });
    expect(result.config.email?.to).toEqual(['a@example.com', 'b@example.com']);
    expect(result.config.http.port).toBe(0);
  });
});

describe('values that cannot work are rejected at start, naming the variable and never the value', () => {
  const base = { IFLYRPA_API_KEY: 'k-123456', SMTP_URL: 'smtp://bot:pw@mail.example.com:587', EMAIL_FROM: 'bot@example.com', EMAIL_TO: 'a@example.com' };

  it.each([
    ['a raw % in the SMTP password', { SMTP_URL: 'smtp://bot:50%off-secret@mail.example.com:587' }, 'SMTP_URL', '50%off-secret'],
    ['a raw % in the SMTP user', { SMTP_URL: 'smtp://bot%zz:pw-secret@mail.example.com:587' }, 'SMTP_URL', 'pw-secret'],
    ['an SMTP URL without a host', { SMTP_URL: 'smtp://' }, 'SMTP_URL', undefined],
    ['POLL_INTERVAL of 1ms', { POLL_INTERVAL: '1ms' }, 'POLL_INTERVAL', undefined],
    ['POLL_INTERVAL just below 100ms', { POLL_INTERVAL: '99ms' }, 'POLL_INTERVAL', undefined],
    ['JOB_LOCK_DURATION of 1ms', { JOB_LOCK_DURATION: '1ms' }, 'JOB_LOCK_DURATION', undefined],
    ['JOB_LOCK_DURATION just below 1s', { JOB_LOCK_DURATION: '999ms' }, 'JOB_LOCK_DURATION', undefined],
    ['STATE_RETENTION of 1ms', { STATE_RETENTION: '1ms' }, 'STATE_RETENTION', undefined],
    ['STATE_RETENTION just below 1h', { STATE_RETENTION: '59m' }, 'STATE_RETENTION', undefined],
    ['STATE_RETENTION under 10 × POLL_INTERVAL', { POLL_INTERVAL: '1h', STATE_RETENTION: '9h' }, 'STATE_RETENTION', undefined],
    ['STATE_RETENTION shorter than POLL_INTERVAL', { POLL_INTERVAL: '2d', STATE_RETENTION: '1d' }, 'STATE_RETENTION', undefined],
    ['IFLYRPA_TIMEOUT of 1ms', { IFLYRPA_TIMEOUT: '1ms' }, 'IFLYRPA_TIMEOUT', undefined],
    ['SHUTDOWN_TIMEOUT of 1ms', { SHUTDOWN_TIMEOUT: '1ms' }, 'SHUTDOWN_TIMEOUT', undefined],
    ['DIGEST_INTERVAL of 1s', { DIGEST_INTERVAL: '1s' }, 'DIGEST_INTERVAL', undefined],
    ['STREAK_MAX_AGE below 1m', { STREAK_MAX_AGE: '59s' }, 'STREAK_MAX_AGE', undefined],
    ['SLACK_THREADS neither on nor off', { SLACK_THREADS: 'yes' }, 'SLACK_THREADS', undefined],
    ['a PagerDuty routing key that is not 32 characters', { PAGERDUTY_ROUTING_KEY: 'pd-secret-too-short' }, 'PAGERDUTY_ROUTING_KEY', 'pd-secret-too-short'],
    ['PAGERDUTY_EVENTS_URL that is not http(s)', { PAGERDUTY_ROUTING_KEY: 'R0utingKeyConfig0123456789abcdef', PAGERDUTY_EVENTS_URL: 'ftp://proxy' }, 'PAGERDUTY_EVENTS_URL', 'R0utingKeyConfig0123456789abcdef'],
  ])('%s', (_case, env: Record<string, string>, variable, secret) => {
    const result = loadConfig({ ...base, ...env });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems).toHaveLength(1);
    expect(result.problems[0]).toMatch(new RegExp(`^${variable} `));
    if (secret) expect(result.problems[0]).not.toContain(secret);
  });

  it.each([
    ['POLL_INTERVAL', { POLL_INTERVAL: '100ms' }],
    ['JOB_LOCK_DURATION', { JOB_LOCK_DURATION: '1s' }],
    ['STATE_RETENTION at 1h with a 30s poll', { STATE_RETENTION: '1h' }],
    ['STATE_RETENTION at 10 × a 1h poll', { POLL_INTERVAL: '1h', STATE_RETENTION: '10h' }],
    ['IFLYRPA_TIMEOUT', { IFLYRPA_TIMEOUT: '1s' }],
    ['SHUTDOWN_TIMEOUT', { SHUTDOWN_TIMEOUT: '1s' }],
    ['DIGEST_INTERVAL', { DIGEST_INTERVAL: '1m' }],
    ['NOTIFY_RETRY_FOR (any length: below the first 5 s backoff it means a single retry)', { NOTIFY_RETRY_FOR: '1ms' }],
    ['an escaped % in the SMTP password', { SMTP_URL: 'smtp://bot:50%25off@mail.example.com:587' }],
    ['STREAK_MAX_AGE', { STREAK_MAX_AGE: '1m' }],
  ])('accepts the minimum: %s', (_case, env: Record<string, string>) => {
    const result = loadConfig({ ...base, ...env });
    if (!result.ok) throw new Error(result.problems.join('\n'));
  });
});

describe('STUCK_AFTER', () => {
  const load = (env: Record<string, string>) => loadConfig({ IFLYRPA_API_KEY: 'k-123456', ...env });
  it.each<[string, Record<string, string>, number | null]>([
    ['defaults to 2h', {}, 2 * 3_600_000],
    ['takes a duration', { STUCK_AFTER: '45m' }, 45 * 60_000],
    ['is null for off', { STUCK_AFTER: 'off' }, null],
  ])('%s', (_, env, expected) => {
    const result = load(env);
    if (!result.ok) throw new Error(result.problems.join('\n'));
    expect(result.config.stuckAfterMs).toBe(expected);
  });

  it.each(['30s', 'soon'])('refuses %s, naming the variable', (value) => {
    const result = load({ STUCK_AFTER: value });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.join('\n')).toContain('STUCK_AFTER');
  });
});
