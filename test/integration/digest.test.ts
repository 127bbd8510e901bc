import { Redis } from 'ioredis';
import { DigestRunner, type DigestOutcome } from '../../src/digest/digest-runner';
import { DigestStore } from '../../src/digest/digest-store';
import { cronSchedule, type DigestSchedule, intervalSchedule } from '../../src/domain/digest-schedule';
import type { Execution } from '../../src/domain/execution';
import type { Transition } from '../../src/domain/transition';
import { createSmtpSender } from '../../src/notify/email/email-notifier';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';
import { captureLogger } from '../helpers/capture-logger';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { SmtpSink } from '../helpers/smtp-sink';

const ZONE = 'Asia/Shanghai';
/** A wall-clock time in Shanghai, as ms. */
const sh = (text: string) => Date.parse(`${text}+08:00`);
const GRACE = 5_000;

let n = 0;
const transition = (status: 'FAILED' | 'COMPLETED', detectedAt: number, over: Partial<Execution> = {}): Transition => ({
  kind: 'pendingEnded',
  detectedAt,
  execution: { ...(status === 'FAILED' ? sampleFailed : sampleCompleted), id: `run-${status.toLowerCase()}-${++n}`, ...over },
});

describe('email digests (real Redis, real SMTP server)', () => {
  let sink: SmtpSink;
  let smtpUrl: string;
  let prefix: string;
  const connections: Redis[] = [];

  beforeEach(async () => {
    sink = new SmtpSink();
    smtpUrl = `smtp://127.0.0.1:${await sink.start()}?tls=off`;
    prefix = randomPrefix();
  });
  afterEach(async () => {
    for (const c of connections.splice(0)) c.disconnect();
    await sink.stop();
    await deleteKeys(prefix);
  });

  /** One "process": its own Redis connection, store and runner. */
  function process(options: { schedule?: DigestSchedule; url?: string; sendEmpty?: boolean; maxPerWorkflow?: number; lockTtlMs?: number } = {}) {
    const redis = new Redis(REDIS_URL);
    connections.push(redis);
    const store = new DigestStore(redis, prefix);
    const log = captureLogger();
    const runner = new DigestRunner({
      store,
      schedule: options.schedule ?? intervalSchedule(3_600_000, ZONE),
      sender: createSmtpSender(options.url ?? smtpUrl),
      from: 'rpa-notify <bot@example.com>',
      to: ['digest@example.com'],
      timeZone: ZONE,
      sendEmpty: options.sendEmpty ?? false,
      maxPerWorkflow: options.maxPerWorkflow ?? 25,
      logger: log.logger,
      owner: `owner-${connections.length}`,
      graceMs: GRACE,
      lockTtlMs: options.lockTtlMs,
    });
    return { store, runner, log, redis };
  }

  it('one digest per period, with counts, a table per workflow, failures first, errors and results, in HTML and text', async () => {
    const { store, runner } = process();
    await runner.tick(sh('2026-11-25T10:20:00'));
    await store.add([
      transition('COMPLETED', sh('2026-11-25T10:05:00'), { projectId: 'wf-invoices' }),
      transition('FAILED', sh('2026-11-25T10:10:00'), { projectId: 'wf-orders', error: 'ElementNotFound: <登录按钮> & more' }),
      transition('COMPLETED', sh('2026-11-25T10:15:00'), { projectId: 'wf-orders' }),
      transition('FAILED', sh('2026-11-25T10:59:59.999'), { projectId: 'wf-orders', error: 'second failure' }),
      transition('COMPLETED', sh('2026-11-25T11:00:00'), { projectId: 'wf-next-period' }),
    ]);
    expect(await runner.tick(sh('2026-11-25T11:00:01'))).toBe('notDue'); // within the grace
    expect(await runner.tick(sh('2026-11-25T11:00:06'))).toBe('sent');
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail!.subject).toBe('[RPA] Digest 2026-11-25 10:00–11:00: 2 failed, 2 completed');
    const html = String(mail!.html);
    expect(html.indexOf('wf-orders')).toBeLessThan(html.indexOf('wf-invoices')); // the workflow with failures first
    expect(html).toMatch(/wf-orders<\/td><td[^>]*>2<\/td><td[^>]*>1<\/td><td[^>]*>67%<\/td>/);
    expect(html.indexOf('id="failures"')).toBeLessThan(html.indexOf('id="completions"'));
    expect(html).toContain('ElementNotFound: &lt;登录按钮&gt; &amp; more');
    expect(html).not.toContain('wf-next-period');
    expect(mail!.text).toContain('wf-orders | 2 | 1 | 67% | 43s | 14s');
    expect(mail!.text).toContain('ElementNotFound: <登录按钮> & more');
    expect(mail!.text).toContain('运行成功');
    expect(String(mail!.text).indexOf('== Failures ==')).toBeLessThan(String(mail!.text).indexOf('== Completions =='));

    expect(await runner.tick(sh('2026-11-25T12:00:06'))).toBe('sent');
    expect(sink.mails[1]!.subject).toBe('[RPA] Digest 2026-11-25 11:00–12:00: 0 failed, 1 completed');
    expect(String(sink.mails[1]!.html)).toContain('wf-next-period');
  });

  it('several processes at the boundary: exactly one digest, holding every entry once', async () => {
    const processes = Array.from({ length: 4 }, () => process());
    await processes[0]!.runner.tick(sh('2026-11-25T10:00:00'));
    await Promise.all(processes.map((p, i) => p.store.add([transition('FAILED', sh('2026-11-25T10:30:00') + i), transition('FAILED', sh('2026-11-25T10:30:00') + i)])));
    const outcomes = await Promise.all(processes.map((p) => p.runner.tick(sh('2026-11-25T11:00:10'))));
    const again = await Promise.all(processes.map((p) => p.runner.tick(sh('2026-11-25T11:00:20'))));
    expect([...outcomes, ...again].filter((o) => o === 'sent')).toHaveLength(1);
    expect(sink.mails).toHaveLength(1);
    expect(sink.mails[0]!.subject).toContain('8 failed');
  });

  it('SMTP down for a whole period then back: each period later gets its own digest, nothing lost or repeated', async () => {
    const down = process({ url: 'smtp://127.0.0.1:1?tls=off' });
    await down.runner.tick(sh('2026-11-25T10:00:00'));
    await down.store.add([transition('FAILED', sh('2026-11-25T10:30:00'), { error: 'period one' })]);
    expect(await down.runner.tick(sh('2026-11-25T11:00:10'))).toBe('failed');
    await down.store.add([transition('COMPLETED', sh('2026-11-25T11:30:00'), { projectId: 'wf-two' })]);
    expect(await down.runner.tick(sh('2026-11-25T12:00:10'))).toBe('failed');
    expect(down.log.messages().some((m) => m.startsWith('digest 2026-11-25 10:00–11:00 not sent, will retry'))).toBe(true);

    const up = process();
    const outcomes: DigestOutcome[] = [];
    for (let i = 0; i < 3; i++) outcomes.push(await up.runner.tick(sh('2026-11-25T12:00:10')));
    expect(outcomes).toEqual(['sent', 'sent', 'notDue']);
    expect(sink.mails.map((m) => m.subject)).toEqual(['[RPA] Digest 2026-11-25 10:00–11:00: 1 failed, 0 completed', '[RPA] Digest 2026-11-25 11:00–12:00: 0 failed, 1 completed']);
    expect(sink.mails[0]!.text).toContain('period one');
    expect(sink.mails[1]!.text).not.toContain('period one');
  });

  it('a transition queued late (after its period was sent) goes into the next digest, not lost', async () => {
    const { store, runner } = process();
    await runner.tick(sh('2026-11-25T10:00:00'));
    expect(await runner.tick(sh('2026-11-25T11:00:10'))).toBe('empty');
    await store.add([transition('FAILED', sh('2026-11-25T10:59:00'), { error: 'late one' })]);
    expect(await runner.tick(sh('2026-11-25T12:00:10'))).toBe('sent');
    expect(sink.mails[0]!.text).toContain('late one');
  });

  it('a period with 5,000 transitions stays a small mail and says what it left out', async () => {
    const { store, runner } = process({ maxPerWorkflow: 25 });
    await runner.tick(sh('2026-11-25T10:00:00'));
    const many = Array.from({ length: 5000 }, (_, i) =>
      transition(i % 5 === 0 ? 'FAILED' : 'COMPLETED', sh('2026-11-25T10:00:00') + i * 500, { projectId: `wf-${i % 10}`, error: i % 5 === 0 ? `E${i} ${'x'.repeat(3000)}` : null }),
    );
    await store.add(many);
    expect(await runner.tick(sh('2026-11-25T11:00:10'))).toBe('sent');
    const [mail] = sink.mails;
    expect(mail!.subject).toBe('[RPA] Digest 2026-11-25 10:00–11:00: 1000 failed, 4000 completed');
    expect(String(mail!.html).length + String(mail!.text).length).toBeLessThan(1_000_000);
    expect(mail!.text).toContain('… and 475 more not shown');
    expect(mail!.text).toContain('… and 950 more failures, 3,800 more completions not listed here, to keep this mail small');
    expect(await store.entriesBefore(Number.MAX_SAFE_INTEGER)).toMatchObject({ keys: [] });
  });

  it('a quiet period sends nothing by default, and a short note with DIGEST_SEND_EMPTY', async () => {
    const quiet = process();
    await quiet.runner.tick(sh('2026-11-25T10:00:00'));
    expect(await quiet.runner.tick(sh('2026-11-25T11:00:10'))).toBe('empty');
    expect(sink.mails).toHaveLength(0);

    await deleteKeys(prefix);
    const chatty = process({ sendEmpty: true });
    await chatty.runner.tick(sh('2026-11-25T10:00:00'));
    expect(await chatty.runner.tick(sh('2026-11-25T11:00:10'))).toBe('sent');
    expect(sink.mails[0]!.subject).toBe('[RPA] Digest 2026-11-25 10:00–11:00: nothing failed or completed');
    expect(sink.mails[0]!.text).toContain('No execution failed or completed in this period.');
  });

  it('a cron schedule in a non-UTC zone: weekdays at 09:00 Shanghai, the weekend in Monday\'s digest', async () => {
    const { store, runner } = process({ schedule: cronSchedule('0 9 * * 1-5', ZONE) });
    await runner.tick(sh('2026-11-27T12:00:00')); // Friday
    await store.add([transition('FAILED', sh('2026-11-28T15:00:00'), { error: 'saturday failure' })]);
    expect(await runner.tick(sh('2026-11-29T09:00:10'))).toBe('notDue'); // Sunday: no digest
    expect(await runner.tick(sh('2026-11-30T09:00:10'))).toBe('sent'); // Monday
    expect(sink.mails[0]!.subject).toBe('[RPA] Digest 2026-11-27 09:00 – 2026-11-30 09:00: 1 failed, 0 completed');
  });

  it('a digest the SMTP server refuses for good (552) goes out reduced, the period is marked sent, the next one follows', async () => {
    const { store, runner, log } = process();
    await runner.tick(sh('2026-11-25T10:00:00'));
    await store.add([
      transition('FAILED', sh('2026-11-25T10:10:00'), { projectId: 'wf-orders', error: 'ElementNotFound: login button' }),
      transition('COMPLETED', sh('2026-11-25T10:20:00'), { projectId: 'wf-orders' }),
    ]);
    sink.refusals.push(552);
    expect(await runner.tick(sh('2026-11-25T11:00:10'))).toBe('reduced');
    expect(sink.mails).toHaveLength(1);
    const [mail] = sink.mails;
    expect(mail!.subject).toBe('[RPA] Digest 2026-11-25 10:00–11:00 (reduced): 1 failed, 1 completed');
    expect(mail!.text).toContain('The mail server refused the full digest (552)');
    expect(mail!.text).toContain('ElementNotFound: login button');
    expect(mail!.text).not.toContain('== Completions ==');
    expect(log.messages().some((m) => m.startsWith('digest 2026-11-25 10:00–11:00 refused for good: the SMTP server refused the mail (552); sending it reduced'))).toBe(true);
    expect(await store.entriesBefore(Number.MAX_SAFE_INTEGER)).toMatchObject({ keys: [] });

    await store.add([transition('FAILED', sh('2026-11-25T11:30:00'), { error: 'next period' })]);
    expect(await runner.tick(sh('2026-11-25T12:00:10'))).toBe('sent');
    expect(sink.mails[1]!.subject).toBe('[RPA] Digest 2026-11-25 11:00–12:00: 1 failed, 0 completed');
  });

  it('refused in its reduced form too: an error line, the period marked sent anyway, later periods not blocked', async () => {
    const { store, runner, log } = process();
    await runner.tick(sh('2026-11-25T10:00:00'));
    await store.add([transition('FAILED', sh('2026-11-25T10:10:00'), { error: 'lost to the server' })]);
    sink.refusals.push(552, 554);
    expect(await runner.tick(sh('2026-11-25T11:00:10'))).toBe('dropped');
    expect(sink.mails).toHaveLength(0);
    const line = log.lines.map((l) => JSON.parse(l) as { level: number; msg: string }).find((l) => l.msg.includes('refused in its reduced form too'));
    expect(line).toMatchObject({ level: 50 });
    expect(line!.msg).toContain('1 failed, 0 completed');
    expect(await store.entriesBefore(Number.MAX_SAFE_INTEGER)).toMatchObject({ keys: [] });

    await store.add([transition('COMPLETED', sh('2026-11-25T11:30:00'))]);
    expect(await runner.tick(sh('2026-11-25T12:00:10'))).toBe('sent');
    expect(sink.mails[0]!.subject).toBe('[RPA] Digest 2026-11-25 11:00–12:00: 0 failed, 1 completed');
  });

  it('a temporary refusal (451) keeps the digest whole and retries it', async () => {
    const { store, runner, log } = process();
    await runner.tick(sh('2026-11-25T10:00:00'));
    await store.add([transition('COMPLETED', sh('2026-11-25T10:10:00'))]);
    sink.refusals.push(451);
    expect(await runner.tick(sh('2026-11-25T11:00:10'))).toBe('failed');
    expect(log.messages().some((m) => m.startsWith('digest 2026-11-25 10:00–11:00 not sent, will retry'))).toBe(true);
    expect(await runner.tick(sh('2026-11-25T11:00:20'))).toBe('sent');
    expect(sink.mails.map((m) => m.subject)).toEqual(['[RPA] Digest 2026-11-25 10:00–11:00: 0 failed, 1 completed']);
  });

  it('5,000 failures with 1,500-character errors: the mail the server receives is under 1 MB and says how many more there were', async () => {
    const { store, runner } = process();
    sink.refuseLargerThan = 1_000_000;
    await runner.tick(sh('2026-11-25T10:00:00'));
    const many = Array.from({ length: 5000 }, (_, i) =>
      transition('FAILED', sh('2026-11-25T10:00:00') + i * 500, { projectId: `wf-${i % 500}`, error: `E${i} ${'错误 x'.repeat(300)}` }),
    );
    await store.add(many);
    expect(await runner.tick(sh('2026-11-25T11:00:10'))).toBe('sent');
    expect(sink.sizes[0]).toBeLessThan(1_000_000);
    const [mail] = sink.mails;
    expect(mail!.subject).toBe('[RPA] Digest 2026-11-25 10:00–11:00: 5000 failed, 0 completed');
    const more = /and ([\d,]+) more failures/.exec(String(mail!.text));
    expect(more).not.toBeNull();
    const notListed = Number(more![1]!.replace(/,/g, ''));
    const listed = (String(mail!.text).match(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} {2}run-failed-/gm) ?? []).length;
    expect(listed).toBeGreaterThan(0);
    expect(listed + notListed).toBe(5000);
    expect(String(mail!.html)).toContain(`and ${more![1]} more failures not listed`);
  });

  it('a send slower than the lock TTL keeps the lock: a second process does not send the same period', async () => {
    const a = process({ lockTtlMs: 1_000 });
    const b = process({ lockTtlMs: 1_000 });
    await a.runner.tick(sh('2026-11-25T10:00:00'));
    await a.store.add([transition('FAILED', sh('2026-11-25T10:10:00'))]);
    const slow = sink.holdNext();
    const sending = a.runner.tick(sh('2026-11-25T11:00:10'));
    await slow.arrived;
    // The scenario is time passing: the SMTP server sits on the mail for several lock TTLs.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(await b.runner.tick(sh('2026-11-25T11:00:10'))).toBe('busy');
    slow.release();
    expect(await sending).toBe('sent');
    expect(await b.runner.tick(sh('2026-11-25T11:00:20'))).toBe('notDue');
    expect(sink.mails).toHaveLength(1);
  });

  it('a process that lost the lock while sending does not move the cursor', async () => {
    const a = process();
    await a.runner.tick(sh('2026-11-25T10:00:00'));
    await a.store.add([transition('FAILED', sh('2026-11-25T10:10:00'))]);
    const slow = sink.holdNext();
    const sending = a.runner.tick(sh('2026-11-25T11:00:10'));
    await slow.arrived;
    // Another process took over (the lock expired, say, during a long pause of this one) and moved on.
    await a.redis.set(`${prefix}:digest:lock`, 'someone-else');
    await a.redis.set(`${prefix}:digest:cursor`, String(sh('2026-11-25T12:00:00')));
    slow.release();
    expect(await sending).toBe('busy');
    expect(await a.store.cursor()).toBe(sh('2026-11-25T12:00:00'));
    expect(await a.redis.get(`${prefix}:digest:lock`)).toBe('someone-else');
    expect(a.log.messages().some((m) => m.includes('lost the digest lock'))).toBe(true);
  });
});
