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
