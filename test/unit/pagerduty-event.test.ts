import type { Transition, TransitionStreak } from '../../src/domain/transition';
import { buildPagerDutyEvents, buildPagerDutyNoticeEvent, eventSeq, PAGERDUTY_LIMITS, stuckDedupKey, workflowDedupKey } from '../../src/notify/pagerduty/pagerduty-event';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const WORKFLOW = sampleFailed.projectId;
const KEY = `rpa-notify:default:${WORKFLOW}`;
const options = { displayTimeZone: 'Asia/Shanghai', language: 'en' as const, workflowLabel: (id: string) => `订单同步 (${id})` };
const SINCE = Date.UTC(2026, 0, 6, 1, 12); // 09:12 in Shanghai

const failed = (streak?: TransitionStreak, error = sampleFailed.error): Transition => ({ ...transitionOf({ ...sampleFailed, error }), ...(streak ? { streak } : {}) });
const completed = (streak?: TransitionStreak): Transition => ({ ...transitionOf(sampleCompleted), ...(streak ? { streak } : {}) });
const stuck = (): Transition => ({ ...transitionOf({ ...sampleFailed, status: 'STUCK', endMs: null, endTime: null, error: null }), detectedAt: Date.UTC(2026, 0, 6, 8, 0) });
const actions = (t: Transition, extra: Partial<Parameters<typeof buildPagerDutyEvents>[1]> = {}) => buildPagerDutyEvents(t, { ...options, ...extra }).map((e) => `${e.event_action} ${e.dedup_key}${e.payload ? ` ${e.payload.severity}` : ''}`);

describe('buildPagerDutyEvents: incidents, not runs', () => {
  it.each<[string, Transition, string[]]>([
    ['FAILED opening a streak triggers the workflow incident', failed({ kind: 'opened' }), [`trigger ${KEY} critical`]],
    ['FAILED continuing it triggers the same incident again', failed({ kind: 'continued', count: 3, since: SINCE }), [`trigger ${KEY} critical`]],
    ['FAILED with no streak known (a job from before streaks) still triggers', failed(), [`trigger ${KEY} critical`]],
    ['a late FAILED after a newer success (none) sends nothing', failed({ kind: 'none' }), []],
    ['COMPLETED ending the streak resolves the workflow incident', completed({ kind: 'recovered', failures: 3, since: SINCE, durationMs: 35 * 60_000 }), [`resolve ${KEY}`]],
    ['COMPLETED outside a streak sends nothing', completed({ kind: 'none' }), []],
    ['COMPLETED with no streak known sends nothing', completed(), []],
    ['STUCK triggers its own incident, warning', stuck(), [`trigger rpa-notify:default:${sampleFailed.id}:stuck warning`]],
    ['an unknown status sends nothing', { ...failed(), execution: { ...sampleFailed, status: 'CANCELLED' } }, []],
  ])('%s', (_name, transition, expected) => {
    expect(actions(transition)).toEqual(expected);
  });

  it('the end of a run reported STUCK resolves that incident too', () => {
    expect(actions(completed({ kind: 'none' }), { reportedStuck: true })).toEqual([`resolve rpa-notify:default:${sampleCompleted.id}:stuck`]);
    expect(actions(failed({ kind: 'opened' }), { reportedStuck: true })).toEqual([`resolve rpa-notify:default:${sampleFailed.id}:stuck`, `trigger ${KEY} critical`]);
  });

  it('a test pages on a key of its own, and the test COMPLETED resolves it', () => {
    expect(actions(failed({ kind: 'none' }), { test: true })).toEqual([`trigger ${KEY}:test critical`]);
    expect(actions(completed(), { test: true })).toEqual([`resolve ${KEY}:test`]);
  });

  it('keys are per account and workflow, never past 255 characters, and stay distinct when cut', () => {
    expect(workflowDedupKey('finance', WORKFLOW)).toBe(`rpa-notify:finance:${WORKFLOW}`);
    expect(stuckDedupKey('default', 'abc')).toBe('rpa-notify:default:abc:stuck');
    const a = workflowDedupKey('default', `${'x'.repeat(300)}a`);
    const b = workflowDedupKey('default', `${'x'.repeat(300)}b`);
    expect(a.length).toBeLessThanOrEqual(255);
    expect(a).not.toBe(b);
  });

  it('the trigger: summary, source, timestamp of the end, details', () => {
    const [event] = buildPagerDutyEvents(failed({ kind: 'opened' }), options);
    expect(event!.payload).toEqual({
      summary: `❌ 订单同步 (${WORKFLOW}) failed: run 49b9771c: 'str' object has no attribute 'get'`,
      source: `订单同步 (${WORKFLOW})`,
      severity: 'critical',
      timestamp: '2026-01-06T06:16:25.000Z',
      custom_details: expect.objectContaining({ workflow: `订单同步 (${WORKFLOW})`, execution_id: sampleFailed.id, error: "'str' object has no attribute 'get'", duration: '14s', account: 'default' }),
    });
  });

  it('a continued streak says how many failures since when', () => {
    const [event] = buildPagerDutyEvents(failed({ kind: 'continued', count: 5, since: SINCE }), options);
    expect(event!.payload!.summary).toBe(`❌ 订单同步 (${WORKFLOW}) failing: 5 failed runs since 2026-01-06 09:12:00 +08:00, latest 49b9771c: 'str' object has no attribute 'get'`);
    expect(event!.payload!.custom_details.failing_streak).toBe('5 failed runs since 2026-01-06 09:12:00 +08:00');
  });

  it('in Chinese', () => {
    const [event] = buildPagerDutyEvents(failed({ kind: 'continued', count: 5, since: SINCE }), { ...options, language: 'zh-CN' });
    expect(event!.payload!.summary).toBe(`❌ 订单同步 (${WORKFLOW}) 持续失败：自 2026-01-06 09:12:00 +08:00 起 5 次失败，最近一次 49b9771c：'str' object has no attribute 'get'`);
  });

  it.each<[string, string, (summary: string) => void]>([
    ['only the first line of the error, on one line', 'first line\nTraceback:\n  at x', (s) => expect(s).toMatch(/: first line$/)],
    ['control characters and tabs cannot break the line', 'a\tb\u0000c\u2028d', (s) => expect(['\t', '\u0000', '\u2028'].filter((c) => s.includes(c))).toEqual([])],
    ['a huge error is cut with the visible marker, inside 1,024', 'x'.repeat(5000), (s) => {
      expect(s.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
      expect(s).toMatch(/… \(truncated, \d+ more characters\)$/);
    }],
    ['emoji and Chinese are never cut in half', '错误😀'.repeat(1000), (s) => {
      expect(s.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.summary);
      expect(s).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    }],
  ])('summary: %s', (_name, error, check) => {
    const [event] = buildPagerDutyEvents(failed({ kind: 'opened' }, error), options);
    check(event!.payload!.summary);
  });

  it('every detail stays inside its limit', () => {
    const [event] = buildPagerDutyEvents(failed({ kind: 'opened' }, '<&>'.repeat(5000)), options);
    for (const value of Object.values(event!.payload!.custom_details)) expect(value.length).toBeLessThanOrEqual(PAGERDUTY_LIMITS.detail);
    expect(event!.payload!.custom_details.error).toMatch(/truncated/);
  });

  it('STUCK: warning, summary says it is still running, timestamp of the detection', () => {
    const [event] = buildPagerDutyEvents(stuck(), options);
    expect(event!.payload).toMatchObject({ severity: 'warning', timestamp: '2026-01-06T08:00:00.000Z', summary: `⏳ 订单同步 (${WORKFLOW}): run 49b9771c still running (started 2026-01-06 14:16:11 +08:00)` });
  });
});

describe('buildPagerDutyNoticeEvent', () => {
  const notice = { incidentId: 'abc123', cause: 'connection refused', since: Date.UTC(2026, 0, 6, 1, 0), at: Date.UTC(2026, 0, 6, 1, 5), failures: 5 };
  it('iFlyRPA unreachable triggers one incident per outage; its recovery resolves it', () => {
    const trigger = buildPagerDutyNoticeEvent({ ...notice, kind: 'unreachable' }, 'Asia/Shanghai');
    expect(trigger).toMatchObject({ event_action: 'trigger', dedup_key: 'rpa-notify:default:iflyrpa-unreachable:abc123', payload: { severity: 'error', summary: '🚨 iFlyRPA unreachable: connection refused' } });
    expect(buildPagerDutyNoticeEvent({ ...notice, kind: 'recovered' }, 'Asia/Shanghai')).toEqual({ event_action: 'resolve', dedup_key: trigger.dedup_key });
  });
});

describe('eventSeq: where an event stands among those of its dedup_key', () => {
  const seqs = (t: Transition) => buildPagerDutyEvents(t, { ...options, reportedStuck: t.reportedStuck }).map((e) => [e.event_action, e.dedup_key === KEY ? 'workflow' : 'stuck', eventSeq(e, t)]);
  it.each<[string, Transition, unknown[]]>([
    ['a trigger: its run\'s place in the streak', failed({ kind: 'continued', count: 2, since: SINCE, seq: 41 }), [['trigger', 'workflow', 41]]],
    ['a resolve: the recovering run\'s place', completed({ kind: 'recovered', failures: 2, since: SINCE, seq: 42 }), [['resolve', 'workflow', 42]]],
    ['no number (a job from before): none, sent as it comes', failed({ kind: 'opened' }), [['trigger', 'workflow', undefined]]],
    ['a stuck run\'s trigger comes first', stuck(), [['trigger', 'stuck', 1]]],
    ['its end\'s resolve of the stuck incident second, the streak\'s own event by the streak', { ...failed({ kind: 'opened', seq: 7 }), reportedStuck: true }, [['resolve', 'stuck', 2], ['trigger', 'workflow', 7]]],
  ])('%s', (_name, transition, expected) => {
    expect(seqs(transition)).toEqual(expected);
  });
});
