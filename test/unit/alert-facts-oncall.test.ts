import type { Transition, TransitionSameError, TransitionStreak } from '../../src/domain/transition';
import type { Language } from '../../src/i18n/messages';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { SAME_ERROR_MAX_RUNS } from '../../src/oncall/error-counts';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const ZONE = 'Asia/Shanghai';
const END = Date.UTC(2026, 0, 7, 1, 47); // 09:47 in Shanghai
const SINCE = Date.UTC(2026, 0, 7, 1, 12); // 09:12 the same day
const DAY_BEFORE = Date.UTC(2026, 0, 6, 15, 30); // 23:30 on 2026-01-06 in Shanghai
const recovered = (failures: number, since = SINCE): TransitionStreak => ({ kind: 'recovered', failures, since, durationMs: END - since });
const same = (runs: number, workflows = 1, since = SINCE): TransitionSameError => ({ fingerprint: 'fp', runs, since, workflows });

const completed = (streak?: TransitionStreak): Transition => ({ ...transitionOf({ ...sampleCompleted, endMs: END }), ...(streak ? { streak } : {}) });
const failed = (sameError?: TransitionSameError, streak?: TransitionStreak): Transition => ({
  ...transitionOf({ ...sampleFailed, endMs: END }),
  ...(sameError ? { sameError } : {}),
  ...(streak ? { streak } : {}),
});
const facts = (transition: Transition, language: Language) => buildAlertFacts(transition, ZONE, { language });

describe('alert facts: recovered', () => {
  it.each<[string, Transition, Language, string | null]>([
    ['COMPLETED ending a streak', completed(recovered(5)), 'en', 'recovered after 5 failed runs since 09:12 (35m 0s)'],
    ['in Chinese', completed(recovered(5)), 'zh-CN', '已恢复：自 09:12 起失败 5 次（历时 35分0秒）'],
    ['one failure', completed(recovered(1)), 'en', 'recovered after 1 failed run since 09:12 (35m 0s)'],
    ['a streak from the day before shows the date', completed(recovered(2, DAY_BEFORE)), 'en', 'recovered after 2 failed runs since 2026-01-06 23:30 (10h 17m 0s)'],
    ['no duration known', completed({ kind: 'recovered', failures: 3, since: SINCE }), 'en', 'recovered after 3 failed runs since 09:12'],
    ['COMPLETED outside a streak', completed({ kind: 'none' }), 'en', null],
    ['COMPLETED with no streak known', completed(), 'en', null],
    ['FAILED never says recovered', failed(undefined, recovered(5)), 'en', null],
  ])('%s', (_name, transition, language, expected) => {
    expect(facts(transition, language).recovered).toBe(expected);
  });
});

describe('alert facts: same error', () => {
  it.each<[string, Transition, Language, string | null]>([
    ['14 runs in 3 workflows', failed(same(14, 3)), 'en', 'same error in 14 runs since 09:12, 3 workflows'],
    ['in Chinese', failed(same(14, 3)), 'zh-CN', '相同错误：自 09:12 起 14 次，涉及 3 个流程'],
    ['one workflow says no workflow count', failed(same(2)), 'en', 'same error in 2 runs since 09:12'],
    ['at the cap the count reads "at least"', failed(same(SAME_ERROR_MAX_RUNS, 40)), 'en', 'same error in 10,000+ runs since 09:12, 40 workflows'],
    ['since the day before shows the date', failed(same(3, 1, DAY_BEFORE)), 'en', 'same error in 3 runs since 2026-01-06 23:30'],
    ['the first run of an error says nothing', failed(same(1)), 'en', null],
    ['no count known', failed(), 'en', null],
    ['COMPLETED never says same error', { ...completed(), sameError: same(5) }, 'en', null],
  ])('%s', (_name, transition, language, expected) => {
    expect(facts(transition, language).sameError).toBe(expected);
  });
});
