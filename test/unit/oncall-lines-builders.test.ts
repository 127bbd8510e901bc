import type { Transition } from '../../src/domain/transition';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { createConsoleNotifier } from '../../src/notify/console-notifier';
import { buildDingTalkMessage } from '../../src/notify/dingtalk/dingtalk-message';
import { buildEmailMessage } from '../../src/notify/email/email-message';
import { buildFeishuCard } from '../../src/notify/feishu/feishu-message';
import { escapeLarkMd } from '../../src/notify/feishu/feishu-text';
import { buildPagerDutyEvents } from '../../src/notify/pagerduty/pagerduty-event';
import { buildSlackMessage } from '../../src/notify/slack/slack-message';
import { buildWebhookPayload } from '../../src/notify/webhook/webhook-payload';
import { buildWecomMessage } from '../../src/notify/wecom/wecom-message';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const ZONE = 'Asia/Shanghai';
const END = Date.UTC(2026, 0, 7, 1, 47);
const SINCE = Date.UTC(2026, 0, 7, 1, 12); // 09:12 in Shanghai
const SAME = 'same error in 14 runs since 09:12, 3 workflows';
const RECOVERED = 'recovered after 5 failed runs since 09:12 (35m 0s)';

const failedSame: Transition = { ...transitionOf({ ...sampleFailed, endMs: END }), streak: { kind: 'continued', count: 2, since: SINCE }, sameError: { fingerprint: 'fp', runs: 14, since: SINCE, workflows: 3 } };
const failedPlain: Transition = transitionOf({ ...sampleFailed, endMs: END });
const completedRecovered: Transition = { ...transitionOf({ ...sampleCompleted, endMs: END }), streak: { kind: 'recovered', failures: 5, since: SINCE, durationMs: END - SINCE } };
const completedPlain: Transition = { ...transitionOf({ ...sampleCompleted, endMs: END }), streak: { kind: 'none' } };

const same = (line: string): string => line;
const facts = (t: Transition) => buildAlertFacts(t, ZONE, { language: 'en' });
const consoleText = async (t: Transition): Promise<string> => {
  let out = '';
  await createConsoleNotifier(ZONE, (text) => (out += text)).send(t);
  return out;
};

/** Each builder's whole output as one string, and the line as that builder escapes it (lark_md escapes `:`). */
type Render = (t: Transition) => string | Promise<string>;
const builders: [string, Render, (line: string) => string][] = [
  ['slack', (t) => JSON.stringify(buildSlackMessage(facts(t)).blocks), same],
  ['email text', (t) => buildEmailMessage(facts(t)).text, same],
  ['email html', (t) => buildEmailMessage(facts(t)).html, same],
  ['dingtalk', (t) => buildDingTalkMessage(facts(t)).markdown.text, same],
  ['feishu', (t) => JSON.stringify(buildFeishuCard(facts(t))), escapeLarkMd],
  ['wecom', (t) => buildWecomMessage(facts(t)).markdown.content, same],
  ['webhook', (t) => buildWebhookPayload(t, { channel: 'hook', language: 'en', timeZone: ZONE }).text, same],
  ['pagerduty', (t) => JSON.stringify(buildPagerDutyEvents(t, { displayTimeZone: ZONE, language: 'en' }).map((e) => e.payload?.custom_details ?? null)), same],
  ['console', consoleText, same],
];
// PagerDuty resolves on recovery, and a resolve carries no details: it only ever shows the same-error line.
const showsRecovered = builders.filter(([name]) => name !== 'pagerduty');

describe('every builder shows the on-call lines', () => {
  it.each(builders)('%s: FAILED says same error, and not when there is none', async (_name, render, shown) => {
    expect(await render(failedSame)).toContain(shown(SAME));
    expect(await render(failedPlain)).not.toContain('same error');
  });

  it.each(showsRecovered)('%s: COMPLETED says recovered, and not outside a streak', async (_name, render, shown) => {
    expect(await render(completedRecovered)).toContain(shown(RECOVERED));
    expect(await render(completedPlain)).not.toContain('recovered');
  });

  it('pagerduty: the same error is a detail of its own', () => {
    const [event] = buildPagerDutyEvents(failedSame, { displayTimeZone: ZONE, language: 'en' });
    expect(event?.payload?.custom_details.same_error).toBe(SAME);
  });
});
