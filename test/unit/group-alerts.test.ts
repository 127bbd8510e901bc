import { type AlertGroup, groupAlerts, MAX_ALERTS_PER_GROUP, type WaitingAlert } from '../../src/domain/group-alerts';

const alert = (executionId: string, status: string, detectedAt: number, over: Partial<WaitingAlert> = {}): WaitingAlert => ({
  workflow: '发票下载',
  executionId,
  status,
  summary: status === 'FAILED' ? 'robot host went away' : 'ok',
  detectedAt,
  ...over,
});
const names = (groups: AlertGroup[]) => groups.map((g) => g.alerts.map((a) => `${a.executionId}:${a.status}`));

/** A small seeded generator, so a failing case can be replayed from its seed. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe('groupAlerts', () => {
  it.each<[string, WaitingAlert[], string[][]]>([
    ['nothing waiting: no message', [], []],
    ['one alert: one message', [alert('a', 'FAILED', 1)], [['a:FAILED']]],
    [
      'failures first: FAILED, STUCK, other statuses, COMPLETED',
      [alert('c', 'COMPLETED', 1), alert('x', 'CANCELLED', 2), alert('s', 'STUCK', 3), alert('f', 'FAILED', 4)],
      [['f:FAILED', 's:STUCK', 'x:CANCELLED', 'c:COMPLETED']],
    ],
    [
      'oldest first within a status, arrival order on a tie',
      [alert('f3', 'FAILED', 30), alert('f1', 'FAILED', 10), alert('f2a', 'FAILED', 20), alert('f2b', 'FAILED', 20)],
      [['f1:FAILED', 'f2a:FAILED', 'f2b:FAILED', 'f3:FAILED']],
    ],
    ['the same (execution, status) twice is one alert', [alert('a', 'FAILED', 1), alert('a', 'FAILED', 2)], [['a:FAILED']]],
    ['the same execution with two statuses is two alerts', [alert('a', 'STUCK', 1), alert('a', 'FAILED', 2)], [['a:FAILED', 'a:STUCK']]],
  ])('%s', (_name, waiting, expected) => {
    expect(names(groupAlerts(waiting))).toEqual(expected);
  });

  it('splits at 50 per message, failures in the first ones, and numbers the parts', () => {
    const waiting = [
      ...Array.from({ length: 70 }, (_, i) => alert(`c${i}`, 'COMPLETED', i)),
      ...Array.from({ length: 60 }, (_, i) => alert(`f${i}`, 'FAILED', 1000 + i)),
    ];
    const groups = groupAlerts(waiting);
    expect(groups.map((g) => g.alerts.length)).toEqual([50, 50, 30]);
    expect(groups.map((g) => [g.part, g.parts])).toEqual([[1, 3], [2, 3], [3, 3]]);
    expect(groups[0]!.alerts.every((a) => a.status === 'FAILED')).toBe(true);
    expect(groups[1]!.alerts.slice(0, 10).every((a) => a.status === 'FAILED')).toBe(true);
    expect(groups[1]!.alerts.slice(10).every((a) => a.status === 'COMPLETED')).toBe(true);
  });

  it('counts per workflow (with statuses) and per fingerprint of failures, most first', () => {
    const [group] = groupAlerts([
      alert('1', 'FAILED', 1, { workflow: '订单同步', fingerprint: 'aaa', summary: 'host down' }),
      alert('2', 'FAILED', 2, { workflow: '发票下载', fingerprint: 'aaa', summary: 'host down again' }),
      alert('3', 'FAILED', 3, { workflow: '发票下载', fingerprint: 'bbb', summary: 'login failed' }),
      alert('4', 'COMPLETED', 4, { workflow: '发票下载', fingerprint: 'ccc' }),
      alert('5', 'STUCK', 5, { workflow: '订单同步' }),
      alert('6', 'FAILED', 6, { workflow: '报表' }),
    ]);
    expect(group!.byWorkflow).toEqual([
      { workflow: '发票下载', count: 3, byStatus: { FAILED: 2, COMPLETED: 1 } },
      { workflow: '订单同步', count: 2, byStatus: { FAILED: 1, STUCK: 1 } },
      { workflow: '报表', count: 1, byStatus: { FAILED: 1 } },
    ]);
    expect(group!.byFingerprint).toEqual([
      { fingerprint: 'aaa', count: 2, workflows: 2, summary: 'host down' },
      { fingerprint: 'bbb', count: 1, workflows: 1, summary: 'login failed' },
    ]);
  });

  it('refuses a group size below one', () => {
    expect(() => groupAlerts([alert('a', 'FAILED', 1)], 0)).toThrow('maxPerGroup must be a positive integer, got 0');
  });

  it.each(Array.from({ length: 25 }, (_, i) => i + 1))('random burst (seed %i): every alert named in exactly one group, in order, within limits', (seed) => {
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const statuses = ['FAILED', 'FAILED', 'STUCK', 'COMPLETED', 'CANCELLED'];
    const size = Math.floor(next() * 400);
    const waiting = Array.from({ length: size }, () =>
      alert(`e${Math.floor(next() * 300)}`, pick(statuses), Math.floor(next() * 50), { workflow: pick(['a', 'b', 'c', 'd']), fingerprint: pick(['x', 'y', undefined]) }),
    );
    const max = pick([1, 7, MAX_ALERTS_PER_GROUP]);
    const groups = groupAlerts(waiting, max);

    const key = (a: WaitingAlert) => `${a.executionId}|${a.status}`;
    const named = groups.flatMap((g) => g.alerts.map(key));
    expect(new Set(named).size).toBe(named.length);
    expect(new Set(named)).toEqual(new Set(waiting.map(key)));
    for (const g of groups) {
      expect(g.alerts.length).toBeGreaterThan(0);
      expect(g.alerts.length).toBeLessThanOrEqual(max);
      expect(g.byWorkflow.reduce((sum, w) => sum + w.count, 0)).toBe(g.alerts.length);
      expect(g.byFingerprint.reduce((sum, f) => sum + f.count, 0)).toBe(g.alerts.filter((a) => a.status === 'FAILED' && a.fingerprint !== undefined).length);
    }
    const rank = (a: WaitingAlert) => ({ FAILED: 0, STUCK: 1, COMPLETED: 3 })[a.status] ?? 2;
    const flat = groups.flatMap((g) => g.alerts);
    for (let i = 1; i < flat.length; i++) {
      const [a, b] = [flat[i - 1]!, flat[i]!];
      expect(rank(a) < rank(b) || (rank(a) === rank(b) && a.detectedAt <= b.detectedAt)).toBe(true);
    }
  });
});
