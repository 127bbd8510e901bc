import { startHttpServer, type HttpServer } from '../../src/http/http-server';
import { Harness } from '../helpers/harness';

describe('health and metrics over real HTTP', () => {
  let h: Harness;
  let server: HttpServer;

  beforeEach(async () => {
    h = await new Harness().start();
    server = await startHttpServer(h.addBot(), { host: '127.0.0.1', port: 0, pollIntervalMs: h.config.pollIntervalMs });
  });
  afterEach(async () => {
    await server.close();
    await h.stop();
  });

  it('/healthz answers while the process lives', async () => {
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
  });

  it('/readyz is 503 before any successful poll and 200 after one', async () => {
    const before = await fetch(`${server.url}/readyz`);
    expect(before.status).toBe(503);
    expect(await before.json()).toMatchObject({ ready: false, redis: true, lastPollAgeMs: null });
    await h.bots[0]!.pollAndSettle();
    const after = await fetch(`${server.url}/readyz`);
    expect(after.status).toBe(200);
  });

  it('/metrics shows polls, records, transitions, notifications, API errors and queue depth', async () => {
    const bot = h.bots[0]!;
    const run = h.simulator.startExecution({ startedAt: Date.now() - 60_000 });
    await bot.pollAndSettle();
    h.simulator.fail(run.id, 'metric failure');
    await bot.pollAndSettle();
    h.simulator.injectFault({ kind: 'httpStatus', status: 503 });
    await expect(bot.pollAndSettle()).rejects.toThrow('HTTP 503');
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toMatch(/rpa_notify_records_seen_total 2/);
    expect(text).toMatch(/rpa_notify_transitions_total\{status="FAILED"\} 1/);
    expect(text).toMatch(/rpa_notify_notifications_total\{channel="slack",outcome="sent",reason="ok"\} 1/);
    expect(text).toMatch(/rpa_notify_api_errors_total\{reason="server"\} 1/);
    expect(text).toMatch(/rpa_notify_queue_depth\{queue="page"\} 0/);
    expect(text).toMatch(/rpa_notify_last_successful_poll_timestamp_seconds \d+/);
    expect(text).toContain('rpa_notify_api_request_duration_seconds_bucket');
    expect(text).toContain('process_cpu_user_seconds_total');
  });

  it('no dashboard unless admin credentials are set', async () => {
    expect((await fetch(`${server.url}/admin/queues`)).status).toBe(404);
  });
});

describe('the queue dashboard behind basic auth', () => {
  let h: Harness;
  let server: HttpServer;
  const admin = { user: 'ops', password: 'dash-pw-8123' };
  const basic = (user: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}` });

  beforeEach(async () => {
    h = await new Harness().start();
    server = await startHttpServer(h.addBot(), { host: '127.0.0.1', port: 0, pollIntervalMs: 1000, admin });
  });
  afterEach(async () => {
    await server.close();
    await h.stop();
  });

  it('refuses without or with wrong credentials', async () => {
    const none = await fetch(`${server.url}/admin/queues`);
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect((await fetch(`${server.url}/admin/queues`, { headers: basic('ops', 'wrong') })).status).toBe(401);
  });

  it('shows the page and the notification queues with the right credentials', async () => {
    const page = await fetch(`${server.url}/admin/queues`, { headers: basic(admin.user, admin.password) });
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
    const api = await fetch(`${server.url}/admin/queues/api/queues`, { headers: basic(admin.user, admin.password) });
    const names = ((await api.json()) as { queues: { name: string }[] }).queues.map((q) => q.name).sort();
    expect(names).toEqual(['notify-email', 'notify-slack', 'page']);
  });
});
