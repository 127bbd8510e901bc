import type { Transition } from '../../src/domain/transition';
import type { Language } from '../../src/i18n/messages';
import { buildAlertFacts, oncallLines } from '../../src/notify/alert-facts';
import { formatRunning } from '../../src/notify/oncall-lines';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const MINUTE = 60_000;
const START = Date.UTC(2026, 0, 7, 1, 0);

const stuck = (runningMs: number, startMs: number | null = START): Transition => ({ ...transitionOf({ ...sampleFailed, status: 'STUCK', error: null, startMs, endMs: null }), detectedAt: START + runningMs });
const facts = (transition: Transition, language: Language = 'en') => buildAlertFacts(transition, 'Asia/Shanghai', { language });

describe('formatRunning: hours and minutes, minutes padded under an hour mark', () => {
  it.each<[number, Language, string]>([
    [123 * MINUTE + 59_000, 'en', '2h 03m'],
    [45 * MINUTE, 'en', '45m'],
    [0, 'en', '0m'],
    [-5 * MINUTE, 'en', '0m'],
    [123 * MINUTE, 'zh-CN', '2小时03分'],
  ])('%d ms in %s is %s', (ms, language, expected) => {
    expect(formatRunning(language, ms)).toBe(expected);
  });
});

describe('alert facts of stuck runs', () => {
  it('STUCK: the hourglass and how long it has been running, first among the on-call lines', () => {
    const f = facts(stuck(123 * MINUTE));
    expect(f.icon).toBe('⏳');
    expect(f.stuck).toBe('still running after 2h 03m');
    expect(oncallLines(f)).toEqual(['still running after 2h 03m']);
    expect(facts(stuck(123 * MINUTE), 'zh-CN').stuck).toBe('已运行 2小时03分 仍未结束');
  });

  it('STUCK without a known start says nothing of how long', () => {
    expect(facts(stuck(123 * MINUTE, null)).stuck).toBeNull();
  });

  it('a run that ended after a STUCK alert says so; one that did not, nothing', () => {
    expect(facts({ ...transitionOf(sampleFailed), reportedStuck: true }).stuck).toBe('had been reported stuck before it ended');
    expect(facts({ ...transitionOf(sampleCompleted), reportedStuck: true }, 'zh-CN').stuck).toBe('结束前曾被报告为卡住');
    expect(facts(transitionOf(sampleFailed)).stuck).toBeNull();
  });
});
