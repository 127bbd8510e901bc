import { buildAlertFacts } from '../../src/notify/alert-facts';
import { SLACK_LIMITS } from '../../src/notify/slack/slack-limits';
import { buildSlackMessage } from '../../src/notify/slack/slack-message';
import { buildSlackRecoveryReply, buildSlackRoot, describeRecoveryReply, describeRootView } from '../../src/notify/slack/slack-thread-message';
import type { RootView } from '../../src/oncall/streak-thread-plan';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

// 09:12 and 09:47 in Asia/Shanghai on 2026-01-06.
const SINCE = Date.parse('2026-01-06T01:12:00Z');
const LATEST = Date.parse('2026-01-06T01:47:00Z');
const TZ = 'Asia/Shanghai';

describe('streak thread texts', () => {
  it.each<[string, RootView, 'en' | 'zh-CN', string]>([
    ['failing, en', { kind: 'failing', count: 5, since: SINCE, latestAt: LATEST }, 'en', '❌ 发票下载 failing: 5 failed runs since 09:12, latest 09:47'],
    ['failing once, en', { kind: 'failing', count: 1, since: SINCE, latestAt: SINCE }, 'en', '❌ 发票下载 failing: 1 failed run since 09:12, latest 09:12'],
    ['failing, zh-CN', { kind: 'failing', count: 5, since: SINCE, latestAt: LATEST }, 'zh-CN', '❌ 发票下载 持续失败：自 09:12 起失败 5 次，最近一次 09:47'],
    ['recovered, en', { kind: 'recovered', failures: 5, since: SINCE, durationMs: 35 * 60_000, at: LATEST }, 'en', '✅ 发票下载 recovered at 09:47 after 5 failed runs since 09:12 (35m)'],
    ['recovered, zh-CN', { kind: 'recovered', failures: 5, since: SINCE, durationMs: 35 * 60_000, at: LATEST }, 'zh-CN', '✅ 发票下载 已于 09:47 恢复：自 09:12 起失败 5 次（历时 35分）'],
    ['a streak that began the day before shows its date', { kind: 'failing', count: 30, since: SINCE - 86_400_000, latestAt: LATEST }, 'en', '❌ 发票下载 failing: 30 failed runs since 2026-01-05 09:12, latest 09:47'],
  ])('root: %s', (_name, view, language, text) => {
    expect(describeRootView(view, '发票下载', TZ, language)).toBe(text);
  });

  it.each<[number, number, 'en' | 'zh-CN', string]>([
    [5, 35 * 60_000, 'en', '✅ 发票下载 recovered after 5 failed runs (35m)'],
    [1, 42_000, 'en', '✅ 发票下载 recovered after 1 failed run (42s)'],
    [5, 2 * 3_600_000 + 3 * 60_000, 'zh-CN', '✅ 发票下载 已恢复：此前失败 5 次（历时 2小时03分）'],
  ])('recovery reply: %d failures in %d ms (%s)', (failures, ms, language, text) => {
    expect(describeRecoveryReply(failures, ms, '发票下载', language)).toBe(text);
  });

  it('the edited root: the count on top, then the first failure as it was posted (error included), within Slack limits', () => {
    const facts = buildAlertFacts(transitionOf({ ...sampleFailed, error: 'x'.repeat(10_000) }), TZ, { workflowLabel: () => '发票下载'.repeat(60) });
    const root = buildSlackRoot(facts, buildSlackMessage(facts, { failureMention: '<!here>' }), { kind: 'failing', count: 5, since: SINCE, latestAt: LATEST }, TZ);
    expect(root.blocks[0]).toMatchObject({ type: 'header' });
    const header = root.blocks[0]!.type === 'header' ? root.blocks[0]!.text.text : '';
    expect(header.startsWith('❌ 发票下载')).toBe(true);
    expect(header.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
    expect(root.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(JSON.stringify(root.blocks)).toContain(sampleFailed.id);
    expect(root.blocks.filter((b) => b.type === 'header')).toHaveLength(1);
    // An edit pages nobody: no mention in the edited root.
    expect(root.text).not.toContain('<!here>');
  });
});

describe('the recovery reply', () => {
  it('says the recovery on top; its notification text names the execution too', () => {
    const facts = buildAlertFacts(transitionOf(sampleCompleted), TZ, { workflowLabel: () => '发票下载' });
    const reply = buildSlackRecoveryReply(facts, buildSlackMessage(facts), 5, 35 * 60_000);
    expect(reply.blocks[0]).toMatchObject({ type: 'header', text: { text: '✅ 发票下载 recovered after 5 failed runs (35m)' } });
    expect(reply.text).toBe(`✅ 发票下载 recovered after 5 failed runs (35m) — execution ${sampleCompleted.id}`);
  });
});
