import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { errorFingerprint } from '../../src/domain/error-fingerprint';
import type { Transition } from '../../src/domain/transition';
import { ErrorCounts } from '../../src/oncall/error-counts';
import { stateKeys } from '../../src/state/keys';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const MIN = 60_000;
const HOUR = 60 * MIN;
const T0 = Date.UTC(2026, 10, 29, 9, 12);
const INVOICES = '2008381617971200417';
const ORDERS = '2008381617971200000';
const ERROR = 'robot host rh-8f3k2j9 went away after 30000 ms';
const FINGERPRINT = errorFingerprint(ERROR).fingerprint;

/** A FAILED run detected at `at`, with an error that differs from ERROR only in its id and number. */
const failed = (id: string, at: number, projectId = INVOICES, error = ERROR.replace('8f3k2j9', `${id.length}x9k${id.length}q`).replace('30000', String(at % 1000))): Transition => ({
  ...transitionOf({ ...sampleFailed, id, projectId, error }),
  detectedAt: at,
});

describe('ErrorCounts (Lua, real Redis)', () => {
  let prefix: string;
  const clients: Redis[] = [];
  const client = () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return redis;
  };
  let counts: ErrorCounts;

  beforeEach(() => {
    prefix = randomPrefix();
    counts = new ErrorCounts(client(), prefix);
  });
  afterEach(async () => {
    for (const redis of clients.splice(0)) redis.disconnect();
    await deleteKeys(prefix);
  });

  const stored = async (fingerprint = FINGERPRINT) => {
    const keys = stateKeys(prefix);
    return { runs: await clients[0]!.zcard(keys.errorRuns('default', fingerprint)), workflows: await clients[0]!.zcard(keys.errorWorkflows('default', fingerprint)) };
  };

  it('counts the runs of the last 24 h, this one included, since the oldest of them (injected clock)', async () => {
    expect(await counts.record(failed('a', T0), T0)).toEqual({ fingerprint: FINGERPRINT, runs: 1, since: T0, workflows: 1 });
    expect(await counts.record(failed('b', T0 + 2 * HOUR), T0 + 2 * HOUR)).toEqual({ fingerprint: FINGERPRINT, runs: 2, since: T0, workflows: 1 });
    expect(await counts.record(failed('c', T0 + 20 * HOUR), T0 + 20 * HOUR)).toEqual({ fingerprint: FINGERPRINT, runs: 3, since: T0, workflows: 1 });
    // 25 h after the first: it has left the window, the second is now the oldest
    expect(await counts.record(failed('d', T0 + 25 * HOUR), T0 + 25 * HOUR)).toEqual({ fingerprint: FINGERPRINT, runs: 3, since: T0 + 2 * HOUR, workflows: 1 });
    expect(await stored()).toEqual({ runs: 3, workflows: 1 });
  });

  it('errors differing only in ids, numbers and quoted values share a count; another error has its own', async () => {
    await counts.record(failed('a', T0, INVOICES, "cannot open 'C:\\in\\a-17.xlsx' on host 10"), T0);
    const same = await counts.record(failed('b', T0 + MIN, ORDERS, "cannot open 'D:\\share\\b.xlsx' on host 11"), T0 + MIN);
    const other = await counts.record(failed('c', T0 + 2 * MIN, INVOICES, 'connection reset by peer'), T0 + 2 * MIN);
    expect(same).toMatchObject({ runs: 2, workflows: 2, since: T0 });
    expect(other).toMatchObject({ runs: 1, workflows: 1, since: T0 + 2 * MIN });
    expect(other!.fingerprint).not.toBe(same!.fingerprint);
  });

  it('the same execution recorded again (a retry, a second drain, another client) counts once and keeps its first time', async () => {
    await counts.record(failed('a', T0), T0);
    const again = new ErrorCounts(client(), prefix);
    const replays = await Promise.all([counts.record(failed('a', T0), T0 + MIN), again.record(failed('a', T0), T0 + MIN), again.record(failed('a', T0 + 5 * MIN), T0 + 5 * MIN)]);
    expect(replays).toEqual([1, 2, 3].map(() => ({ fingerprint: FINGERPRINT, runs: 1, since: T0, workflows: 1 })));
    expect(await counts.record(failed('b', T0 + 10 * MIN), T0 + 10 * MIN)).toMatchObject({ runs: 2, since: T0 });
    // A replay after others were recorded reports the counts as they are now, still counting itself once.
    expect(await counts.record(failed('a', T0), T0 + 11 * MIN)).toMatchObject({ runs: 2, since: T0 });
  });

  it('5 clients record 20 runs each of one fingerprint at once: 100 counted, every count handed out once', async () => {
    const stores = Array.from({ length: 5 }, () => new ErrorCounts(client(), prefix));
    const results = await Promise.all(Array.from({ length: 100 }, (_, i) => stores[i % 5]!.record(failed(`run-${i}`, T0 + i, i % 2 ? INVOICES : ORDERS), T0 + 100)));
    expect(results.map((r) => r!.runs).sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(results.map((r) => r!.fingerprint))).toEqual(new Set([FINGERPRINT]));
    expect(await stored()).toEqual({ runs: 100, workflows: 2 });
    expect(await counts.record(failed('last', T0 + 200), T0 + 200)).toEqual({ fingerprint: FINGERPRINT, runs: 101, since: T0, workflows: 2 });
  });

  it('4 processes record 25 runs each of one fingerprint at once (the built code, npm run build first): 100 counted', async () => {
    const built = path.join(__dirname, '..', '..', 'dist', 'oncall', 'error-counts.js');
    // Each process: its own connection, its 25 runs in flight together, then the counts it was given on stdout.
    const script = `
      const { Redis } = require('ioredis');
      const { ErrorCounts } = require(${JSON.stringify(built)});
      const [url, prefix, worker, execution] = process.argv.slice(1);
      const base = JSON.parse(execution);
      const redis = new Redis(url);
      const counts = new ErrorCounts(redis, prefix);
      Promise.all(Array.from({ length: 25 }, (_, i) => counts.record({ kind: 'pendingEnded', detectedAt: ${T0} + i, execution: { ...base, id: worker + '-' + i, error: 'robot host rh-' + worker + 'x' + i + 'k9q went away after ' + i + ' ms' } }, ${T0 + HOUR})))
        .then((results) => { process.stdout.write(JSON.stringify(results.map((r) => r.runs))); redis.disconnect(); });
    `;
    const runProcess = (worker: number) =>
      new Promise<number[]>((resolve, reject) => {
        const child = spawn(process.execPath, ['-e', script, REDIS_URL, prefix, String(worker), JSON.stringify({ ...sampleFailed, projectId: worker % 2 ? INVOICES : ORDERS })], { cwd: path.join(__dirname, '..', '..') });
        let out = '';
        let err = '';
        child.stdout.on('data', (chunk) => (out += chunk));
        child.stderr.on('data', (chunk) => (err += chunk));
        child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out) as number[]) : reject(new Error(`worker ${worker} exited ${code}: ${err}`))));
      });
    const runs = (await Promise.all([1, 2, 3, 4].map(runProcess))).flat();
    expect(runs.sort((a, b) => a - b)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(await stored()).toEqual({ runs: 100, workflows: 2 });
  });

  it('trims entries older than 24 h on each write (exactly 24 h is still in), workflows too', async () => {
    await counts.record(failed('a', T0, ORDERS), T0);
    await counts.record(failed('b', T0 + HOUR), T0 + HOUR);
    expect(await counts.record(failed('c', T0 + 24 * HOUR), T0 + 24 * HOUR)).toEqual({ fingerprint: FINGERPRINT, runs: 3, since: T0, workflows: 2 });
    expect(await counts.record(failed('d', T0 + 24 * HOUR + 1), T0 + 24 * HOUR + 1)).toEqual({ fingerprint: FINGERPRINT, runs: 3, since: T0 + HOUR, workflows: 1 });
    expect(await stored()).toEqual({ runs: 3, workflows: 1 });
    // A week later the old runs are gone and the new one starts afresh.
    expect(await counts.record(failed('e', T0 + 7 * 24 * HOUR), T0 + 7 * 24 * HOUR)).toEqual({ fingerprint: FINGERPRINT, runs: 1, since: T0 + 7 * 24 * HOUR, workflows: 1 });
  });

  it('a run detected before the window (an old outbox entry drained late) still counts, as seen at the window edge', async () => {
    const now = T0 + 30 * HOUR;
    expect(await counts.record(failed('late', T0), now)).toEqual({ fingerprint: FINGERPRINT, runs: 1, since: now - 24 * HOUR, workflows: 1 });
  });

  it('caps the runs kept per fingerprint: the oldest leave first', async () => {
    const small = new ErrorCounts(client(), prefix, { maxRuns: 3 });
    for (let i = 0; i < 5; i++) await small.record(failed(`r${i}`, T0 + i * MIN), T0 + i * MIN);
    expect(await small.record(failed('r5', T0 + 5 * MIN), T0 + 5 * MIN)).toEqual({ fingerprint: FINGERPRINT, runs: 3, since: T0 + 3 * MIN, workflows: 1 });
    expect(await clients[0]!.zrange(stateKeys(prefix).errorRuns('default', FINGERPRINT), 0, -1)).toEqual(['r3', 'r4', 'r5']);
  });

  it('counts the workflows that saw it: a workflow counts once however often it failed', async () => {
    await counts.record(failed('a', T0, INVOICES), T0);
    await counts.record(failed('b', T0 + MIN, INVOICES), T0 + MIN);
    expect(await counts.record(failed('c', T0 + 2 * MIN, ORDERS), T0 + 2 * MIN)).toMatchObject({ runs: 3, workflows: 2 });
    const workflows = await clients[0]!.zrange(stateKeys(prefix).errorWorkflows('default', FINGERPRINT), 0, -1, 'WITHSCORES');
    expect(workflows).toEqual([INVOICES, String(T0 + MIN), ORDERS, String(T0 + 2 * MIN)]);
  });

  it('both keys expire a little past the window after the last write, so an idle fingerprint disappears', async () => {
    await counts.record(failed('a', T0, ORDERS), T0);
    const keys = stateKeys(prefix);
    for (const key of [keys.errorRuns('default', FINGERPRINT), keys.errorWorkflows('default', FINGERPRINT)]) {
      const ttl = await clients[0]!.pttl(key);
      expect(ttl).toBeGreaterThan(24 * HOUR);
      expect(ttl).toBeLessThanOrEqual(25 * HOUR);
    }
  });

  it('nothing for a COMPLETED run, a PENDING one, or a failure without error text; nothing written', async () => {
    expect(await counts.record(transitionOf(sampleCompleted), T0)).toBeUndefined();
    expect(await counts.record(transitionOf({ ...sampleFailed, status: 'PENDING' }), T0)).toBeUndefined();
    expect(await counts.record(transitionOf({ ...sampleFailed, error: null }), T0)).toBeUndefined();
    expect(await counts.record(transitionOf({ ...sampleFailed, error: '  \n ' }), T0)).toBeUndefined();
    expect(await clients[0]!.keys(`${prefix}:*`)).toEqual([]);
  });

  it('attach: FAILED transitions with an error get sameError, the others stay as they were', async () => {
    const done = transitionOf(sampleCompleted);
    const attached = await counts.attach([failed('a', T0), done, failed('b', T0, ORDERS)], T0);
    expect(attached[1]).toBe(done);
    expect(attached[0]!.sameError).toMatchObject({ fingerprint: FINGERPRINT });
    expect([attached[0]!.sameError!.runs, attached[2]!.sameError!.runs].sort()).toEqual([1, 2]);
    expect(attached[2]!.sameError).toMatchObject({ fingerprint: FINGERPRINT, since: T0 });
  });
});
