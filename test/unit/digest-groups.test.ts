import { buildDigest } from '../../src/domain/build-digest';
import type { Transition } from '../../src/domain/transition';
import { buildDigestMessage } from '../../src/notify/email/digest-message';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';

const START = Date.UTC(2026, 10, 25, 2, 0);
const END = START + 3_600_000;

let n = 0;
function failed(projectId: string, error: string | null, over: Partial<Transition> = {}): Transition {
  n += 1;
  const endMs = START + n * 60_000;
  return { kind: 'pendingEnded', detectedAt: endMs + 1000, execution: { ...sampleFailed, id: `run-${String(n).padStart(3, '0')}`, projectId, error, startMs: endMs - 30_000, endMs }, ...over };
}

const timeout = (i: number) => `TimeoutError: page load timed out after ${30 + i}s (run ${1000 + i})\n  at open_page (flow.py:${40 + i})`;

describe('buildDigest: failures grouped by fingerprint inside each workflow', () => {
  beforeEach(() => (n = 0));

  it('the biggest group first, each oldest first; counts per workflow; no error text is a group of its own', () => {
    const list = [failed('wf-a', 'KeyError: 7'), failed('wf-a', timeout(1)), failed('wf-a', timeout(2)), failed('wf-b', timeout(3)), failed('wf-a', null), failed('wf-a', timeout(4)), failed('wf-a', null)];
    const digest = buildDigest(list, { start: START, end: END }, { maxPerWorkflow: 25 });
    const a = digest.workflows.find((w) => w.workflow === 'wf-a')!;
    expect(a.failureGroups.map((g) => [g.count, g.firstLine])).toEqual([
      [3, 'TimeoutError: page load timed out after 31s (run 1001)'],
      [2, ''],
      [1, 'KeyError: 7'],
    ]);
    expect(a.failures.map((t) => t.execution.id)).toEqual(['run-002', 'run-003', 'run-006', 'run-005', 'run-007', 'run-001']);
    // The same error in another workflow is counted there, not here.
    expect(digest.workflows.find((w) => w.workflow === 'wf-b')!.failureGroups.map((g) => g.count)).toEqual([1]);
  });

  it('under the per-workflow cap every distinct error still shows once, the rest fill the room', () => {
    const list = [...Array.from({ length: 10 }, (_, i) => failed('wf', timeout(i))), failed('wf', 'KeyError: 1'), failed('wf', 'ValueError: x')];
    const w = buildDigest(list, { start: START, end: END }, { maxPerWorkflow: 4 }).workflows[0]!;
    expect(w.failures.map((t) => t.execution.error!.split(':')[0])).toEqual(['TimeoutError', 'TimeoutError', 'KeyError', 'ValueError']);
    expect(w.failuresNotShown).toBe(8);
    expect(w.failureGroups[0]!.count).toBe(10);
  });
});

describe('the digest mail shows a group as `N × <first line>`, then its runs', () => {
  beforeEach(() => (n = 0));
  const list = () => [
    failed('wf-a', timeout(1)),
    failed('wf-a', 'KeyError: 7'),
    failed('wf-a', timeout(2)),
    failed('wf-a', timeout(3), { muted: { id: '0 2 * * * (1h)', kind: 'maintenance' } }),
    { ...failed('wf-a', null), execution: { ...sampleCompleted, id: 'run-ok', projectId: 'wf-a' } },
  ];

  it('text and HTML, in English', () => {
    const mail = buildDigestMessage(buildDigest(list(), { start: START, end: END }, { maxPerWorkflow: 25 }), 'UTC');
    const text = mail.text;
    const head = '3 × TimeoutError: page load timed out after 31s (run 1001)';
    expect(text).toContain(
      [head, '    TimeoutError: page load timed out after 31s (run 1001)', '      at open_page (flow.py:41)', '2026-11-25 02:01:00  run-001  (30s)', '2026-11-25 02:03:00  run-003  (30s)', '2026-11-25 02:04:00  run-004  (30s)  [muted by maintenance 0 2 * * * (1h)]'].join('\n'),
    );
    // An error seen once keeps the full form: the run, then its error.
    expect(text).toContain('2026-11-25 02:02:00  run-002  (30s)\n    KeyError: 7');
    expect(text.indexOf(head)).toBeLessThan(text.indexOf('KeyError: 7'));
    expect(text.match(/at open_page/g)).toHaveLength(1);
    expect(mail.html).toContain(`<strong style="color:#b42318;">${head}</strong>`);
    expect(mail.html).toContain('<strong>[muted by maintenance 0 2 * * * (1h)]</strong>');
    expect(mail.html.match(/run-00[134]/g)).toHaveLength(3);
  });

  it('in Chinese', () => {
    const mail = buildDigestMessage(buildDigest(list(), { start: START, end: END }, { maxPerWorkflow: 25 }), 'Asia/Shanghai', { language: 'zh-CN' });
    expect(mail.text).toContain('3 次相同错误：TimeoutError: page load timed out after 31s (run 1001)');
    expect(mail.text).toContain('[维护窗口静音 0 2 * * * (1h)]');
    expect(mail.html).toContain('3 次相同错误：TimeoutError');
  });

  it('a group of failures with no error text', () => {
    const mail = buildDigestMessage(buildDigest([failed('wf', null), failed('wf', null)], { start: START, end: END }, { maxPerWorkflow: 25 }), 'UTC');
    expect(mail.text).toContain('2 × (no error text)\n2026-11-25 02:01:00  run-001  (30s)\n2026-11-25 02:02:00  run-002  (30s)');
  });
});
