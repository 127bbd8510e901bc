import { Redis } from 'ioredis';
import type { Transition } from '../../src/domain/transition';
import { FloodControl } from '../../src/oncall/flood-control';
import type { FloodPlan } from '../../src/oncall/flood-rate';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';

const slack: FloodPlan = { ratePerSec: 1, burst: 2, gatherMs: 2000 };
const alert = (id: string, status: 'FAILED' | 'COMPLETED' = 'FAILED', detectedAt = 1_000): Transition => ({
  kind: 'pendingEnded',
  detectedAt,
  execution: { ...(status === 'FAILED' ? sampleFailed : sampleCompleted), id, status },
});

const ids = (transitions: Transition[]) => transitions.map((t) => t.execution.id).sort();

describe('FloodControl (Lua, real Redis)', () => {
  let prefix: string;
  let now: number;
  const clients: Redis[] = [];
  const control = () => {
    const redis = new Redis(REDIS_URL);
    clients.push(redis);
    return new FloodControl(redis, prefix, () => now);
  };

  beforeEach(() => {
    prefix = randomPrefix();
    now = 1_000_000;
  });
  afterEach(async () => {
    for (const redis of clients.splice(0)) redis.disconnect();
    await deleteKeys(prefix);
  });

  it('the burst goes at once, the rest parks once each (a retried job parks again as the same entry)', async () => {
    const flood = control();
    const outcomes = [];
    for (let i = 0; i < 5; i++) outcomes.push(await flood.admit('slack', slack, alert(`run-${i}`), { park: true }));
    outcomes.push(await flood.admit('slack', slack, alert('run-4'), { park: true }));
    expect(outcomes.map((o) => o.kind)).toEqual(['send', 'send', 'parked', 'parked', 'parked', 'parked']);
    const drains = new Set(outcomes.flatMap((o) => (o.kind === 'parked' ? [o.drainJobId] : [])));
    expect(drains.size).toBe(1);
    expect(await flood.pending('slack')).toEqual({ waiting: 3, drainJobId: [...drains][0] });
    // Once something waits, a freed token goes to the drain: a new alert joins the queue, it does not overtake.
    now += 10_000;
    expect((await flood.admit('slack', slack, alert('run-9'), { park: true })).kind).toBe('parked');
  });

  it('200 admissions at one instant from 4 clients: exactly the burst is sent alone', async () => {
    const controls = Array.from({ length: 4 }, () => control());
    const outcomes = await Promise.all(Array.from({ length: 200 }, (_, i) => controls[i % 4]!.admit('slack', slack, alert(`run-${i}`), { park: true })));
    expect(outcomes.filter((o) => o.kind === 'send')).toHaveLength(2);
    expect((await controls[0]!.pending('slack')).waiting).toBe(198);
  });

  it('a drain gathers, then takes at most 50, failures first; a re-run of the same job gets the same batch', async () => {
    const flood = control();
    await flood.admit('slack', slack, alert('first'), { park: true });
    await flood.admit('slack', slack, alert('second'), { park: true });
    for (let i = 0; i < 30; i++) await flood.admit('slack', slack, alert(`ok-${i}`, 'COMPLETED', 1_000 + i), { park: true });
    for (let i = 0; i < 30; i++) await flood.admit('slack', slack, alert(`fail-${i}`, 'FAILED', 2_000 + i), { park: true });
    const { drainJobId } = await flood.pending('slack');
    // 60 wait: a full group, so no gathering; but both tokens went to the first two.
    expect(await flood.claim('slack', slack, drainJobId!)).toEqual({ kind: 'wait', delayMs: 1000 });
    now += 1000;
    const claim = await flood.claim('slack', slack, drainJobId!);
    if (claim.kind !== 'batch') throw new Error(`expected a batch, got ${claim.kind}`);
    expect(claim.transitions).toHaveLength(50);
    // Failures are taken first: all 30 are in; the 10 oldest completions wait.
    expect(claim.transitions.filter((t) => t.execution.status === 'FAILED')).toHaveLength(30);
    expect(claim.remaining).toBe(10);
    expect(claim.nextDrainJobId).not.toBe(drainJobId);
    // Killed before it finished: the job runs again (once a token frees) and sends the same batch.
    now += 1000;
    const again = await flood.claim('slack', slack, drainJobId!);
    expect(again.kind === 'batch' && ids(again.transitions)).toEqual(ids(claim.transitions));
    await flood.finish('slack', drainJobId!);
    // The 10 left are no full group, but they have waited already: they go with the next token.
    now += 1000;
    const rest = await flood.claim('slack', slack, claim.nextDrainJobId);
    expect(rest.kind === 'batch' && ids(rest.transitions)).toEqual(Array.from({ length: 10 }, (_, i) => `ok-${20 + i}`).sort());
    await flood.finish('slack', claim.nextDrainJobId);
    expect(await flood.claim('slack', slack, 'drain-late')).toEqual({ kind: 'empty' });
  });

  it('a partial group gathers for gatherMs before it goes', async () => {
    const flood = control();
    for (const id of ['a', 'b', 'c']) await flood.admit('slack', slack, alert(id), { park: true });
    const { drainJobId } = await flood.pending('slack');
    expect(await flood.claim('slack', slack, drainJobId!)).toEqual({ kind: 'wait', delayMs: 2000 });
    now += 2000;
    const claim = await flood.claim('slack', slack, drainJobId!);
    expect(claim.kind === 'batch' && claim.transitions.map((t) => t.execution.id)).toEqual(['c']);
  });

  it('a finished drain job never stays the current one: the next alert to wait gets a new drain job', async () => {
    const flood = control();
    for (const id of ['a', 'b', 'c']) await flood.admit('slack', slack, alert(id), { park: true });
    const first = (await flood.pending('slack')).drainJobId!;
    now += 5000;
    const claim = await flood.claim('slack', slack, first);
    expect(claim.kind).toBe('batch');
    await flood.finish('slack', first);
    expect(await flood.claim('slack', slack, 'drain-extra')).toEqual({ kind: 'empty' });
    now += 5000;
    const later = await flood.admit('slack', slack, alert('d'), { park: true });
    expect(later.kind).toBe('send');
    await flood.admit('slack', slack, alert('e'), { park: true });
    const parked = await flood.admit('slack', slack, alert('f'), { park: true });
    expect(parked.kind === 'parked' && [first, 'drain-extra'].includes(parked.drainJobId)).toBe(false);
  });

  it('paced one by one (no grouped messages): waits the time to the next token, parks nothing', async () => {
    const flood = control();
    const pager: FloodPlan = { ratePerSec: 2, burst: 1, gatherMs: 2000 };
    expect(await flood.admit('pd', pager, alert('a'), { park: false })).toEqual({ kind: 'send' });
    expect(await flood.admit('pd', pager, alert('b'), { park: false })).toEqual({ kind: 'wait', delayMs: 500 });
    expect((await flood.pending('pd')).waiting).toBe(0);
  });
});
