import { Redis } from 'ioredis';
import type { Execution } from '../../src/domain/execution';
import { pageItemOf } from '../../src/domain/page-payload';
import { StateStore } from '../../src/state/state-store';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const run = (id: string, status: string, startMs: number | null = 2_000): Execution => ({
  id, projectId: 'proj-1', status, parameters: { a: 1 }, result: null, error: status === 'FAILED' ? 'boom' : null,
  execPosition: 'EXECUTOR', version: 2, userId: 'u', startTime: null, endTime: null, startMs, endMs: status === 'PENDING' ? null : 3_000,
});

describe('detectPage: a lightened page (items for all, full records for some)', () => {
  const redis = new Redis(REDIS_URL);
  let prefix: string;
  let store: StateStore;

  beforeEach(async () => {
    prefix = randomPrefix();
    store = new StateStore(redis, prefix);
    await store.establishBaseline(1_000);
  });
  afterEach(() => deleteKeys(prefix));
  afterAll(() => redis.quit());

  it('records every item; a transition carries its full record into the outbox', async () => {
    await store.detectPage([pageItemOf(run('a', 'PENDING')), pageItemOf(run('b', 'FAILED'))], [run('a', 'PENDING')], { baselinePoll: true, now: 5_000 });
    const failed = run('a', 'FAILED');
    const result = await store.detectPage([pageItemOf(failed), pageItemOf(run('b', 'FAILED'))], [failed], { baselinePoll: false, now: 6_000 });
    expect(result).toEqual({ recorded: 0, transitions: [{ kind: 'pendingEnded', detectedAt: 6_000, execution: failed }], partial: [] });
    const [entry] = await store.readOutbox();
    expect(JSON.parse(entry!.json)).toEqual({ kind: 'pendingEnded', detectedAt: 6_000, execution: failed });
    expect(await store.knownIds(['a', 'b'])).toEqual(new Set(['a', 'b']));
  });

  it('news about a record that did not travel: a stand-in with id, status and times, and the reply says so', async () => {
    const odd = 'odd "id" \\ ✓';
    const result = await store.detectPage([[odd, 'FAILED', 2_000, null]], [], { baselinePoll: false, now: 6_000 });
    const standIn = { ...run(odd, 'FAILED'), projectId: '', parameters: null, error: null, execPosition: null, version: null, userId: null, endMs: null };
    expect(result.partial).toEqual([odd]);
    expect(result.transitions).toEqual([{ kind: 'firstSeenTerminal', detectedAt: 6_000, execution: standIn }]);
    const [entry] = await store.readOutbox();
    expect(JSON.parse(entry!.json)).toEqual({ kind: 'firstSeenTerminal', detectedAt: 6_000, execution: standIn });
  });

  it('a PENDING record is not sent to the script (nothing there reads it), and nothing changes in what is recorded', async () => {
    const result = await store.detectPage([pageItemOf(run('p', 'PENDING'))], [run('p', 'PENDING')], { baselinePoll: false, now: 6_000 });
    expect(result).toEqual({ recorded: 1, transitions: [], partial: [] });
    expect(await store.trackedPending()).toEqual([{ id: 'p', startMs: 2_000 }]);
    expect(await store.recordedStatuses(['p', 'q'])).toEqual(new Map([['p', 'PENDING']]));
  });
});
