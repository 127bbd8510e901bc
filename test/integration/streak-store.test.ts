import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { nextStreak, type StreakState } from '../../src/oncall/streak';
import { StreakStore } from '../../src/oncall/streak-store';
import type { TransitionStreak } from '../../src/domain/transition';
import { stateKeys } from '../../src/state/keys';
import { sampleFailed, transitionOf } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const MIN = 60_000;
const HOUR = 60 * MIN;
const WORKFLOW = '2008381617971200417';
const maxAgeMs = 24 * HOUR;
/** The effect without the streak's id (the id has its own test below). */
/** Without the streak's name and its sequence: what these tests compare is the count. */
const withoutId = <T extends { id?: string; seq?: number }>(effect: T | undefined): Omit<T, 'id' | 'seq'> | undefined => {
  if (effect === undefined) return undefined;
  const { id: _id, seq: _seq, ...rest } = effect;
  return rest;
};

describe('StreakStore (Lua, real Redis)', () => {
  let prefix: string;
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return redis;
  };
  let store: StreakStore;
  const run = async (id: string, status: string, at: number, projectId = WORKFLOW) => withoutId(await store.apply({ projectId, executionId: id, status, at }));
  const read = async (projectId = WORKFLOW) => withoutId(await store.read(projectId));

  beforeEach(() => {
    prefix = randomPrefix();
    store = new StreakStore(client(), prefix, { maxAgeMs });
  });
  afterEach(async () => {
    for (const redis of clients.splice(0)) redis.disconnect();
    await deleteKeys(prefix);
  });

  it('openCount: failing streaks of every workflow, until they recover or pass STREAK_MAX_AGE', async () => {
    const t0 = Date.UTC(2026, 10, 29, 10);
    expect(await store.openCount(t0)).toBe(0);
    await run('a1', 'FAILED', t0);
    await run('b1', 'FAILED', t0 + MIN, 'wf-b');
    await run('b2', 'FAILED', t0 + 2 * MIN, 'wf-b');
    await run('c1', 'COMPLETED', t0, 'wf-c');
    expect(await store.openCount(t0 + 3 * MIN)).toBe(2);
    await run('b3', 'COMPLETED', t0 + 4 * MIN, 'wf-b');
    expect(await store.openCount(t0 + 5 * MIN)).toBe(1);
    // Older than STREAK_MAX_AGE: closed quietly as far as anyone is concerned.
    expect(await store.openCount(t0 + maxAgeMs + MIN)).toBe(0);
    expect(await client().zrange(stateKeys(prefix).openStreaks, 0, -1)).toEqual([`default|${WORKFLOW}`]);
  });

  it('50 failures applied at once from 5 clients: none lost, exactly one opened', async () => {
    const stores = Array.from({ length: 5 }, () => new StreakStore(client(), prefix, { maxAgeMs }));
    const effects = await Promise.all(
      Array.from({ length: 50 }, (_, i) => stores[i % 5]!.apply({ projectId: WORKFLOW, executionId: `run-${i}`, status: 'FAILED', at: 1_000 + i })),
    );
    expect(effects.filter((e) => e.kind === 'opened')).toHaveLength(1);
    expect(effects.filter((e) => e.kind === 'continued')).toHaveLength(49);
    // Every count from 2 to 50 was handed out once: no two workers saw the same count.
    expect(effects.flatMap((e) => (e.kind === 'continued' ? [e.count] : [])).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 49 }, (_, i) => i + 2));
    expect(await read()).toEqual({ failing: true, count: 50, since: 1_000, latestAt: 1_049 });
    expect(await run('ok', 'COMPLETED', 2_000)).toEqual({ kind: 'recovered', failures: 50, since: 1_000, durationMs: 1_000 });
  });

  it('4 processes apply 25 failures each at once (the built code, npm run build first): none lost, exactly one opened', async () => {
    const built = path.join(__dirname, '..', '..', 'dist', 'oncall', 'streak-store.js');
    // Each process: its own connection, its 25 runs in flight together, then its effects on stdout.
    const script = `
      const { Redis } = require('ioredis');
      const { StreakStore } = require(${JSON.stringify(built)});
      const [url, prefix, worker] = process.argv.slice(1);
      const redis = new Redis(url);
      const store = new StreakStore(redis, prefix, { maxAgeMs: ${maxAgeMs} });
      Promise.all(Array.from({ length: 25 }, (_, i) => store.apply({ projectId: '${WORKFLOW}', executionId: worker + '-' + i, status: 'FAILED', at: 1000 + i })))
        .then((effects) => { process.stdout.write(JSON.stringify(effects)); redis.disconnect(); });
    `;
    const runProcess = (worker: number) =>
      new Promise<TransitionStreak[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script, REDIS_URL, prefix, String(worker)], { cwd: path.join(__dirname, '..', '..') });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as TransitionStreak[]) : reject(new Error(`worker ${worker} exited ${code}: ${err}`))));
      });
    const effects = (await Promise.all([0, 1, 2, 3].map(runProcess))).flat();
    expect(effects).toHaveLength(100);
    expect(effects.filter((e) => e.kind === 'opened')).toHaveLength(1);
    expect(effects.flatMap((e) => (e.kind === 'continued' ? [e.count!] : [])).sort((a, b) => a - b)).toEqual(Array.from({ length: 99 }, (_, i) => i + 2));
    expect((await store.read(WORKFLOW))?.count).toBe(100);
  });

  it('applying the same (execution, status) again returns the first effect and counts nothing', async () => {
    expect(await run('a', 'FAILED', 100)).toEqual({ kind: 'opened' });
    expect(await run('b', 'FAILED', 200)).toEqual({ kind: 'continued', count: 2, since: 100 });
    // a retried job, an outbox drained twice, from another client too
    const again = new StreakStore(client(), prefix, { maxAgeMs });
    expect(await Promise.all([run('a', 'FAILED', 100), again.apply({ projectId: WORKFLOW, executionId: 'b', status: 'FAILED', at: 200 }).then(withoutId), run('b', 'FAILED', 200)])).toEqual([
      { kind: 'opened' },
      { kind: 'continued', count: 2, since: 100 },
      { kind: 'continued', count: 2, since: 100 },
    ]);
    expect((await store.read(WORKFLOW))?.count).toBe(2);
    expect(await run('c', 'COMPLETED', 300)).toEqual({ kind: 'recovered', failures: 2, since: 100, durationMs: 200 });
    expect(await run('c', 'COMPLETED', 300)).toEqual({ kind: 'recovered', failures: 2, since: 100, durationMs: 200 });
    expect(await run('d', 'COMPLETED', 400)).toEqual({ kind: 'none' });
  });

  it('recovered after N failures, then a new failure opens a new streak', async () => {
    for (let i = 1; i <= 5; i++) await run(`f${i}`, 'FAILED', 9 * HOUR + 12 * MIN + i * MIN);
    expect(await run('ok', 'COMPLETED', 9 * HOUR + 48 * MIN)).toEqual({ kind: 'recovered', failures: 5, since: 9 * HOUR + 13 * MIN, durationMs: 35 * MIN });
    expect(await run('f6', 'FAILED', 10 * HOUR)).toEqual({ kind: 'opened' });
  });

  it('STREAK_MAX_AGE counts from the first failure: past it a failure opens anew, a success closes quietly', async () => {
    await run('a', 'FAILED', 0);
    expect(await run('b', 'FAILED', 24 * HOUR)).toEqual({ kind: 'continued', count: 2, since: 0 });
    expect(await run('c', 'FAILED', 24 * HOUR + 1)).toEqual({ kind: 'opened' });
    expect(await run('d', 'COMPLETED', 49 * HOUR)).toEqual({ kind: 'none' });
    expect(await read()).toEqual({ failing: false, count: 0, since: 49 * HOUR, latestAt: 49 * HOUR });
  });

  it('workflows have their own streaks; statuses that are no end change nothing', async () => {
    await run('a', 'FAILED', 100);
    expect(await run('x', 'FAILED', 150, 'other-workflow')).toEqual({ kind: 'opened' });
    expect(await run('p', 'PENDING', 160)).toEqual({ kind: 'none' });
    expect(await run('s', 'STUCK', 170)).toEqual({ kind: 'none' });
    expect(await run('b', 'FAILED', 200)).toEqual({ kind: 'continued', count: 2, since: 100 });
  });

  it('follows nextStreak exactly, late runs included (seeded random sequences)', async () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    for (let sequence = 0; sequence < 20; sequence++) {
      const projectId = `wf-${sequence}`;
      let state: StreakState | undefined;
      for (let i = 0; i < 30; i++) {
        const status = random() < 0.6 ? 'FAILED' : 'COMPLETED';
        // mostly forward in time, sometimes a late run, sometimes a jump past the max age
        const at = Math.round(random() < 0.1 ? 40 * HOUR * random() : i * HOUR + (random() < 0.1 ? 30 * HOUR : 0));
        const expected = nextStreak(state, { status, at }, { maxAgeMs });
        state = expected.state;
        const { rootRef: _root, ...effect } = expected.effect as TransitionStreak & { rootRef?: unknown };
        expect([sequence, i, await run(`${projectId}-${i}`, status, at, projectId)]).toEqual([sequence, i, effect]);
      }
      expect(await read(projectId)).toEqual(state && { failing: state.failing, count: state.count, since: state.since, latestAt: state.latestAt });
    }
  });

  it('numbers each applied run of a workflow in order (a re-apply keeps its number): what orders its PagerDuty events', async () => {
    const apply = (executionId: string, status: string, at: number) => store.apply({ projectId: WORKFLOW, executionId, status, at });
    const opened = await apply('a', 'FAILED', 100);
    const continued = await apply('b', 'FAILED', 200);
    const recovered = await apply('c', 'COMPLETED', 300);
    const reopened = await apply('d', 'FAILED', 400);
    const seqs = [opened, continued, recovered, reopened].map((e) => e.seq!);
    expect(seqs.every(Number.isSafeInteger)).toBe(true);
    expect([...seqs].sort((x, y) => x - y)).toEqual(seqs);
    expect(new Set(seqs).size).toBe(4);
    expect((await apply('b', 'FAILED', 200)).seq).toBe(continued.seq);
  });

  it('names each streak after the run that opened it: what its Slack thread is kept under', async () => {
    expect(await store.apply({ projectId: WORKFLOW, executionId: 'a', status: 'FAILED', at: 100 })).toMatchObject({ kind: 'opened', id: 'a' });
    expect(await store.apply({ projectId: WORKFLOW, executionId: 'b', status: 'FAILED', at: 200 })).toMatchObject({ kind: 'continued', count: 2, since: 100, id: 'a' });
    expect((await store.read(WORKFLOW))?.id).toBe('a');
    expect(await store.apply({ projectId: WORKFLOW, executionId: 'c', status: 'COMPLETED', at: 300 })).toMatchObject({ kind: 'recovered', failures: 2, since: 100, durationMs: 200, id: 'a' });
    expect(await store.apply({ projectId: WORKFLOW, executionId: 'd', status: 'FAILED', at: 400 })).toMatchObject({ kind: 'opened', id: 'd' });
    expect((await store.read(WORKFLOW))?.id).toBe('d');
  });

  it('a streak stored before streaks were named gets a name from its start, kept from then on', async () => {
    const redis = client();
    await redis.hset(stateKeys(prefix).streak('default', WORKFLOW), 'failing', '1', 'count', '3', 'since', '100', 'latestAt', '300');
    expect(await store.apply({ projectId: WORKFLOW, executionId: 'x', status: 'FAILED', at: 400 })).toMatchObject({ kind: 'continued', count: 4, since: 100, id: 'since-100' });
    expect(await store.apply({ projectId: WORKFLOW, executionId: 'ok', status: 'COMPLETED', at: 500 })).toMatchObject({ kind: 'recovered', failures: 4, since: 100, durationMs: 400, id: 'since-100' });
  });

  it('remembers a bounded number of applied runs, and every key expires', async () => {
    const redis = client();
    const small = new StreakStore(redis, prefix, { maxAgeMs, memory: 3 });
    for (let i = 0; i < 5; i++) await small.apply({ projectId: WORKFLOW, executionId: `r${i}`, status: 'FAILED', at: i });
    const keys = stateKeys(prefix);
    expect(await redis.hkeys(keys.streakApplied('default', WORKFLOW))).toEqual(['r2|FAILED', 'r3|FAILED', 'r4|FAILED']);
    expect(await redis.zcard(keys.streakAppliedOrder('default', WORKFLOW))).toBe(3);
    for (const key of [keys.streak('default', WORKFLOW), keys.streakApplied('default', WORKFLOW), keys.streakAppliedOrder('default', WORKFLOW)]) {
      expect(await redis.pttl(key)).toBeGreaterThan(6 * 24 * HOUR);
    }
  });

  it('attach: the effect of each transition, oldest end first, the end time else the detection time', async () => {
    const at = (id: string, status: string, endMs: number | null, detectedAt = 50_000) => ({ ...transitionOf({ ...sampleFailed, id, status, projectId: WORKFLOW, endMs }), detectedAt });
    // a page is newest first: the recovery comes before the failures it ends
    const page = [at('ok', 'COMPLETED', 40_000), at('f2', 'FAILED', null, 30_000), at('f1', 'FAILED', 10_000), at('p', 'PENDING', null)];
    const attached = await store.attach(page);
    expect(attached.map((t) => [t.execution.id, withoutId(t.streak)])).toEqual([
      ['ok', { kind: 'recovered', failures: 2, since: 10_000, durationMs: 30_000 }],
      ['f2', { kind: 'continued', count: 2, since: 10_000 }],
      ['f1', { kind: 'opened' }],
      ['p', undefined],
    ]);
    expect((await store.attach(page)).map((t) => t.streak)).toEqual(attached.map((t) => t.streak));
  });
});
