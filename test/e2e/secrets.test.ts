import { Harness, API_KEY, SLACK_TOKEN, SMTP_PASSWORD } from '../helpers/harness';

describe('secrets never reach a log line, even when every channel fails', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ NOTIFY_RETRY_FOR: '1ms' });
  });
  afterEach(() => h.stop());

  it('API 401, Slack invalid_auth and SMTP down: the log says why, and holds no key, token or password', async () => {
    const run = h.simulator.startExecution({ startedAt: Date.now() - 60_000 });
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'secret test');
    h.slack.replies.push({ body: { ok: false, error: 'invalid_auth' } });
    await h.smtp.stop();
    const summary = await bot.pollAndSettle();
    expect(summary.notificationsFailed).toBe(2);
    h.simulator.injectFault({ kind: 'httpStatus', status: 401 });
    await expect(bot.pollAndSettle()).rejects.toThrow('iFlyRPA rejected the API key (HTTP 401)');

    const log = h.allLogLines().join('\n');
    expect(log).toContain('Slack refused the message: the Slack token is invalid (invalid_auth)');
    expect(log).toContain('the SMTP server could not be reached');
    for (const secret of [API_KEY, SLACK_TOKEN, SMTP_PASSWORD, encodeURIComponent(SMTP_PASSWORD)]) expect(log).not.toContain(secret);
    const delivered = [...h.slack.posts.map((p) => JSON.stringify(p)), ...h.smtp.mails.map((m) => `${m.subject}\n${m.text}\n${m.html}`)].join('\n');
    for (const secret of [API_KEY, SMTP_PASSWORD]) expect(delivered).not.toContain(secret);
    const jobs = await bot.notifyQueues.slack!.getJobs(['failed']);
    expect(JSON.stringify(jobs.map((j) => [j.data, j.failedReason, j.stacktrace]))).not.toContain(SLACK_TOKEN);
  });
});
