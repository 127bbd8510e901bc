import { Redis } from 'ioredis';
import { AckStore, ActionClaims } from '../../src/actions/action-stores';
import { IflyrpaApiError } from '../../src/iflyrpa/api-error';
import { createIflyrpaClient } from '../../src/iflyrpa/iflyrpa-client';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { StreakStore } from '../../src/oncall/streak-store';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { rejectionOf } from '../helpers/rejection';
import { until } from '../helpers/until';

const KEY = 'sk-test-exec-7c6b5a4d3e';
const WORKFLOW = '2008381617971200417';
const MIN = 60_000;

describe('executeAsync against the simulator over HTTP', () => {
  let simulator: IflyrpaSimulator;
  const client = (key = KEY) => createIflyrpaClient({ baseUrl: simulator.baseUrl, key, timeoutMs: 5_000, startTimeOffset: '+08:00', endTimeOffset: '+00:00' });

  beforeEach(async () => {
    simulator = new IflyrpaSimulator({ apiKey: KEY });
    simulator.asyncRuns = { endAfterMs: 50, status: 'FAILED' };
    await simulator.start();
  });
  afterEach(() => simulator.stop());

  it('starts a PENDING run with the JSON body the API takes, which then ends by itself', async () => {
    simulator.startExecution({ projectId: WORKFLOW });
    const id = await client().executeAsync({ projectId: WORKFLOW, execPosition: 'EXECUTOR', params: { inputer: '查一下' }, version: 3 });
    const [request] = simulator.executeRequests();
    expect(request).toMatchObject({ method: 'POST', authorized: true, body: { project_id: WORKFLOW, exec_position: 'EXECUTOR', params: { inputer: '查一下' }, version: 3 } });
    expect(simulator.get(id)).toMatchObject({ status: 'PENDING', project_id: WORKFLOW, version: 3, parameters: { inputer: '查一下' } });
    // The simulator ends it on its own timer: nothing to await but its state.
    await until(() => simulator.get(id)?.status === 'FAILED');
    // Without version or params the body leaves them out: the workflow's current version runs.
    await client().executeAsync({ projectId: WORKFLOW, execPosition: 'EXECUTOR' });
    expect(simulator.executeRequests()[1]!.body).toEqual({ project_id: WORKFLOW, exec_position: 'EXECUTOR' });
  });

  it('a refusal carries the API’s msg; a bad key, a malformed answer are errors that never show the key', async () => {
    const unknown = await rejectionOf(client().executeAsync({ projectId: '999', execPosition: 'EXECUTOR' }));
    expect(unknown).toBeInstanceOf(IflyrpaApiError);
    expect((unknown as IflyrpaApiError).details).toMatchObject({ code: '5004', msg: '工作流不存在: 999' });

    simulator.startExecution({ projectId: WORKFLOW });
    simulator.executeFaults.push({ kind: 'apiCode', code: '5003', msg: `robot offline (key ${KEY})` });
    const refused = (await rejectionOf(client().executeAsync({ projectId: WORKFLOW, execPosition: 'EXECUTOR' }))) as IflyrpaApiError;
    expect(refused.details.msg).toBe('robot offline (key [redacted])');
    const badKey = (await rejectionOf(client('sk-wrong-key-000').executeAsync({ projectId: WORKFLOW, execPosition: 'EXECUTOR' }))) as IflyrpaApiError;
    expect(badKey.reason).toBe('auth');
    simulator.executeFaults.push({ kind: 'body', body: '{"code":"0000","msg":"","data":{"executionId":"<!channel>"}}' });
    const malformed = (await rejectionOf(client().executeAsync({ projectId: WORKFLOW, execPosition: 'EXECUTOR' }))) as IflyrpaApiError;
    expect(malformed.reason).toBe('badResponse');
    for (const error of [unknown, refused, badKey, malformed]) expect(JSON.stringify({ ...(error as object), message: (error as Error).message })).not.toContain(KEY);
  });
});

describe('AckStore and ActionClaims (real Redis)', () => {
  let prefix: string;
  let redis: Redis;
  let streaks: StreakStore;
  let acks: AckStore;
  const alice = { userId: 'U0ALICE', userName: 'alice', at: 1 };

  beforeEach(() => {
    prefix = randomPrefix();
    redis = new Redis(REDIS_URL);
    streaks = new StreakStore(redis, prefix, { maxAgeMs: 24 * 60 * MIN });
    acks = new AckStore(redis, prefix, () => streaks, { maxAgeMs: 24 * 60 * MIN });
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('an ack holds for the failing streak it was given in, through later failures, and is gone once the workflow recovers', async () => {
    const t0 = Date.now();
    await streaks.apply({ projectId: WORKFLOW, executionId: 'e1', status: 'FAILED', at: t0 }, t0);
    await acks.acknowledge('default', WORKFLOW, alice);
    await streaks.apply({ projectId: WORKFLOW, executionId: 'e2', status: 'FAILED', at: t0 + MIN }, t0 + MIN);
    expect(await acks.current('default', WORKFLOW)).toEqual(alice);
    await streaks.apply({ projectId: WORKFLOW, executionId: 'e3', status: 'COMPLETED', at: t0 + 2 * MIN }, t0 + 2 * MIN);
    expect(await acks.current('default', WORKFLOW)).toBeUndefined();
    // A new streak starts unacknowledged.
    await streaks.apply({ projectId: WORKFLOW, executionId: 'e4', status: 'FAILED', at: t0 + 3 * MIN }, t0 + 3 * MIN);
    expect(await acks.current('default', WORKFLOW)).toBeUndefined();
    expect(await acks.current('default', 'another-workflow')).toBeUndefined();
  });

  it('a claim is taken once, whoever races for it; released, it can be taken again', async () => {
    const claims = new ActionClaims(redis, prefix);
    const results = await Promise.all(['U1', 'U2', 'U3', 'U4'].map((userId) => claims.claim('rerun', 'default', 'e1', { userId, userName: userId, at: 1 })));
    const winners = results.filter((r) => r.claimed);
    expect(winners).toHaveLength(1);
    const by = new Set(results.flatMap((r) => (r.claimed ? [] : [r.by.userId])));
    expect(by.size).toBe(1);
    await claims.release('rerun', 'default', 'e1');
    expect((await claims.claim('rerun', 'default', 'e1', { userId: 'U9', userName: 'U9', at: 2 })).claimed).toBe(true);
  });
});
