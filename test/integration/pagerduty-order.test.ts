import { Redis } from 'ioredis';
import { PagerDutyOrder } from '../../src/notify/pagerduty/pagerduty-order';
import { captureLogger } from '../helpers/capture-logger';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { until } from '../helpers/until';

const KEY = 'rpa-notify:default:2008381617971200417';

describe('PagerDutyOrder (Lua, real Redis): the events of one dedup_key in order', () => {
  let prefix: string;
  let redis: Redis;
  let clock: number;
  let log = captureLogger([]);
  const order = () => new PagerDutyOrder(redis, prefix, log.logger, { leaseMs: 1_000, pollMs: 5, now: () => clock }).forChannel('pagerduty');
  const sent: string[] = [];
  const send = (what: string) => async () => void sent.push(what);

  beforeEach(() => {
    prefix = randomPrefix();
    redis = new Redis(REDIS_URL);
    clock = 1_000_000;
    sent.length = 0;
    log = captureLogger([]);
  });
  afterEach(async () => {
    redis.disconnect();
    await deleteKeys(prefix);
  });

  it('skips an event older than one of the other action sent; triggers among themselves keep no order', async () => {
    const o = order();
    expect(await o.run(KEY, 10, 'trigger', send('t10'))).toBe('sent');
    expect(await o.run(KEY, 8, 'trigger', send('t8'))).toBe('sent');
    expect(await o.run(KEY, 9, 'resolve', send('r9'))).toBe('stale');
    expect(await o.run(KEY, 11, 'resolve', send('r11'))).toBe('sent');
    expect(await o.run(KEY, 9, 'trigger', send('t9'))).toBe('stale');
    expect(sent).toEqual(['t10', 't8', 'r11']);
    expect(log.messages()).toContain(`pagerduty: resolve of ${KEY} not sent: a newer trigger of that incident was sent already`);
  });

  it('sends newer events, skips one older than an event sent, and sends a retry of the same one', async () => {
    const o = order();
    expect(await o.run(KEY, 10, 'trigger', send('t10'))).toBe('sent');
    expect(await o.run(KEY, 12, 'resolve', send('r12'))).toBe('sent');
    expect(await o.run(KEY, 11, 'trigger', send('t11'))).toBe('stale');
    expect(await o.run(KEY, 12, 'resolve', send('r12 again'))).toBe('sent');
    // Other keys and other channels have their own order.
    expect(await o.run(`${KEY}:other`, 1, 'trigger', send('other'))).toBe('sent');
    expect(await new PagerDutyOrder(redis, prefix, log.logger).forChannel('pd-2').run(KEY, 11, 'trigger', send('pd-2'))).toBe('sent');
    expect(sent).toEqual(['t10', 'r12', 'r12 again', 'other', 'pd-2']);
  });

  it('a resolve waits while an older trigger is in flight; triggers do not wait for each other', async () => {
    const o = order();
    let land: (() => void) | undefined;
    const slow = o.run(KEY, 10, 'trigger', () => new Promise<void>((resolve) => (land = () => resolve(void sent.push('t10')))));
    await until(() => land !== undefined);
    expect(await o.run(KEY, 11, 'trigger', send('t11'))).toBe('sent');
    const resolve = o.run(KEY, 12, 'resolve', send('r12'));
    await until(() => log.messages().some((m) => m.includes(`resolve of ${KEY} waits for an earlier event`)));
    expect(sent).toEqual(['t11']);
    land!();
    await Promise.all([slow, resolve]);
    expect(sent).toEqual(['t11', 't10', 'r12']);
  });

  it('a send in flight past its lease (its process died) holds nothing up', async () => {
    const o = order();
    let started = false;
    void o.run(KEY, 10, 'trigger', () => new Promise<void>(() => void (started = true)));
    await until(() => started);
    clock += 1_001;
    expect(await o.run(KEY, 12, 'resolve', send('r12'))).toBe('sent');
  });
});
