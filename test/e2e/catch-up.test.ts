import { Bot } from '../../src/bot';
import { captureLogger } from '../helpers/capture-logger';
import { API_KEY, Harness, SLACK_TOKEN } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;

describe('a backlog larger than one poll may page through (PAGE_SIZE 5, MAX_PAGES_PER_POLL 2)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ MAX_PAGES_PER_POLL: '2' });
  });
  afterEach(() => h.stop());

  it('is caught up over the following polls (by whichever process polls): every run of the gap alerted once, a PENDING one tracked, with log lines', async () => {
    for (let i = 0; i < 3; i++) h.simulator.complete(h.simulator.startExecution({ startedAt: Date.now() - 60 * MINUTE + i }).id);
    const bot = h.addBot();
    await bot.pollAndSettle();

    // The outage: 27 runs start, 26 of them end (failed, each with its own text); one deep in the gap keeps running.
    const base = Date.now() - 30 * MINUTE;
    const gap = Array.from({ length: 27 }, (_, i) => h.simulator.startExecution({ startedAt: base + i * 1000 }));
    const stillRunning = gap[3]!;
    for (const [i, run] of gap.entries()) if (run !== stillRunning) h.simulator.fail(run.id, `gap-run-${i}-end`);
    const expected = gap.flatMap((run, i) => (run === stillRunning ? [] : [`gap-run-${i}-end`]));

    // New runs keep arriving during the catch-up, so the list shifts under it; two processes take turns.
    const other = h.addBot();
    const arriving: string[] = [];
    const messages = () => h.logs.flatMap((log) => log.messages());
    for (let poll = 0; poll < 12 && !messages().some((m) => m.startsWith('catch-up finished')); poll++) {
      if (poll > 0) {
        const text = `arrived-${poll}-end`;
        h.simulator.fail(h.simulator.startExecution().id, text);
        arriving.push(text);
      }
      await (poll % 2 === 0 ? bot : other).pollAndSettle();
    }
    await bot.pollAndSettle();

    const texts = h.slack.posts.map(slackPostText);
    for (const text of [...expected, ...arriving]) expect([text, texts.filter((t) => t.includes(text)).length]).toEqual([text, 1]);
    expect(h.slack.posts).toHaveLength(expected.length + arriving.length);
    expect((await bot.store.trackedPending()).map((p) => p.id)).toEqual([stillRunning.id]);

    h.simulator.fail(stillRunning.id, 'the gap run ended later');
    await bot.pollAndSettle();
    expect(h.slack.posts.map(slackPostText).filter((t) => t.includes('the gap run ended later'))).toHaveLength(1);

    expect(messages().filter((m) => m.startsWith('more new runs than one poll may fetch'))).toHaveLength(1);
    expect(messages().some((m) => m.startsWith('catch-up under way'))).toBe(true);
    expect(messages().filter((m) => m.startsWith('catch-up finished'))).toHaveLength(1);
    expect(await bot.store.catchUpCursor()).toBeNull();

    // Caught up, nothing tracked: back to one request per poll.
    const requests = h.simulator.requests.length;
    await other.pollAndSettle();
    expect(h.simulator.requests.length - requests).toBe(1);
  });
});

describe('a second backlog arrives while a catch-up is under way (PAGE_SIZE 5, MAX_PAGES_PER_POLL 2)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ MAX_PAGES_PER_POLL: '2' });
  });
  afterEach(() => h.stop());

  it('the newest backlog is caught up first, then the first one goes on where it stopped: every run alerted exactly once', async () => {
    for (let i = 0; i < 3; i++) h.simulator.complete(h.simulator.startExecution({ startedAt: Date.now() - 60 * MINUTE + i }).id);
    const bot = h.addBot();
    const other = h.addBot();
    await bot.pollAndSettle();
    const messages = () => h.logs.flatMap((log) => log.messages());
    const expected: string[] = [];
    const backlog = (name: string, count: number, base: number) => {
      const runs = Array.from({ length: count }, (_, i) => h.simulator.startExecution({ startedAt: base + i * 1000 }));
      for (const [i, run] of runs.entries()) {
        h.simulator.fail(run.id, `${name}-run-${i}-end`);
        expected.push(`${name}-run-${i}-end`);
      }
      return runs;
    };

    // The first outage: 32 runs, one still running deep in it.
    const first = backlog('first', 32, Date.now() - 30 * MINUTE);
    const stillRunning = h.simulator.startExecution({ startedAt: Date.now() - 30 * MINUTE + 3_500 });
    await bot.pollAndSettle();
    expect(messages().filter((m) => m.startsWith('more new runs than one poll may fetch'))).toHaveLength(1);
    await other.pollAndSettle();
    expect(messages().some((m) => m.startsWith('catch-up under way'))).toBe(true);
    expect(first).toHaveLength(32);

    // The API drops out again: more than one poll may fetch arrives before the catch-up is through.
    backlog('second', 23, Date.now() - 10 * MINUTE);
    for (let poll = 0; poll < 30 && !messages().some((m) => m.startsWith('catch-up finished')); poll++) {
      if (poll > 0) {
        const text = `arrived-${poll}-end`;
        h.simulator.fail(h.simulator.startExecution().id, text);
        expected.push(text);
      }
      await (poll % 2 === 0 ? bot : other).pollAndSettle();
    }
    await bot.pollAndSettle();

    const texts = h.slack.posts.map(slackPostText);
    for (const text of expected) expect([text, texts.filter((t) => t.includes(text)).length]).toEqual([text, 1]);
    expect(h.slack.posts).toHaveLength(expected.length);
    expect((await bot.store.trackedPending()).map((p) => p.id)).toEqual([stillRunning.id]);
    expect(messages().filter((m) => m.startsWith('catch-up overtaken'))).toHaveLength(1);
    expect(messages().some((m) => m.includes('caught up on the newer backlog, the older catch-up goes on'))).toBe(true);
    expect(messages().filter((m) => m.startsWith('catch-up finished'))).toHaveLength(1);
    expect(await bot.store.catchUpCursor()).toBeNull();

    h.simulator.fail(stillRunning.id, 'the first backlog run ended later');
    await other.pollAndSettle();
    expect(h.slack.posts.map(slackPostText).filter((t) => t.includes('the first backlog run ended later'))).toHaveLength(1);
    const requests = h.simulator.requests.length;
    await bot.pollAndSettle();
    expect(h.simulator.requests.length - requests).toBe(1);
  });
});

describe('a tracked PENDING run the API stops serving (VANISHED_AFTER 10m)', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ VANISHED_AFTER: '10m', MAX_PAGES_PER_POLL: '20' });
  });
  afterEach(() => h.stop());

  it('costs one lookup per poll, is warned about once, and is dropped after VANISHED_AFTER with one warning', async () => {
    let clock = Date.now();
    const log = captureLogger([API_KEY, SLACK_TOKEN]);
    h.logs.push(log);
    const bot = new Bot({ config: h.config, logger: log.logger, channels: h.channels(), now: () => clock });
    bot.startWorkers();
    h.bots.push(bot);

    const vanishing = [0, 1].map((i) => h.simulator.startExecution({ startedAt: Date.now() - 50 * MINUTE + i }));
    for (let i = 0; i < 30; i++) h.simulator.complete(h.simulator.startExecution({ startedAt: Date.now() - 40 * MINUTE + i * 1000 }).id);
    await bot.pollAndSettle();
    expect((await bot.store.trackedPending()).map((p) => p.id).sort()).toEqual(vanishing.map((r) => r.id).sort());
    for (const run of vanishing) h.simulator.remove(run.id);

    const costOfOnePoll = async () => {
      const lists = h.simulator.listRequests().length;
      const lookups = h.simulator.lookupRequests().length;
      await bot.pollAndSettle();
      return { lists: h.simulator.listRequests().length - lists, lookups: h.simulator.lookupRequests().length - lookups };
    };
    const warnings = (start: string) =>
      log.lines
        .map((line) => JSON.parse(line) as { level: number; msg: string })
        .filter((line) => line.level === 40 && line.msg.startsWith(start))
        .map((line) => line.msg);

    await costOfOnePoll(); // the first miss: learnt by lookup
    expect(warnings('tracked execution')).toHaveLength(2);
    for (let i = 0; i < 3; i++) {
      clock += MINUTE;
      expect(await costOfOnePoll()).toEqual({ lists: 1, lookups: 2 });
    }
    expect(warnings('tracked execution').filter((m) => m.includes('no longer served'))).toHaveLength(2);

    clock += 10 * MINUTE;
    expect(await costOfOnePoll()).toEqual({ lists: 1, lookups: 2 });
    expect(warnings('tracked execution').filter((m) => m.includes('dropped from tracking'))).toHaveLength(2);
    expect(await bot.store.trackedPending()).toEqual([]);

    clock += MINUTE;
    expect(await costOfOnePoll()).toEqual({ lists: 1, lookups: 0 });
    expect(warnings('tracked execution')).toHaveLength(4);
  });

  it('a run missed once and served again is not dropped: its miss is forgotten', async () => {
    let clock = Date.now();
    const log = captureLogger([API_KEY, SLACK_TOKEN]);
    h.logs.push(log);
    const bot = new Bot({ config: h.config, logger: log.logger, channels: h.channels(), now: () => clock });
    bot.startWorkers();
    h.bots.push(bot);

    const run = h.simulator.startExecution({ startedAt: Date.now() - 50 * MINUTE });
    for (let i = 0; i < 10; i++) h.simulator.complete(h.simulator.startExecution({ startedAt: Date.now() - 40 * MINUTE + i * 1000 }).id);
    await bot.pollAndSettle();
    const record = h.simulator.remove(run.id);
    await bot.pollAndSettle();
    h.simulator.addRecord(record);
    clock += MINUTE;
    await bot.pollAndSettle();
    h.simulator.remove(run.id);
    clock += 10 * MINUTE;
    await bot.pollAndSettle(); // missed again, but only just: the clock starts anew
    expect((await bot.store.trackedPending()).map((p) => p.id)).toEqual([run.id]);
    clock += 10 * MINUTE;
    await bot.pollAndSettle();
    expect(await bot.store.trackedPending()).toEqual([]);
    expect(log.messages().filter((m) => m.startsWith(`tracked execution ${run.id}`) && m.includes('dropped from tracking'))).toHaveLength(1);
  });
});
