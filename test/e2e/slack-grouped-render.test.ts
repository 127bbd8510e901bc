import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Transition } from '../../src/domain/transition';
import { buildGroupFacts } from '../../src/notify/group-facts';
import { buildSlackGroupMessage } from '../../src/notify/slack/slack-group-message';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';
import { describeWithChromium, launchChromium } from '../helpers/chromium';
import { slackMessageHtml } from '../helpers/slack-blocks-html';

const WORKFLOWS: Record<string, string> = { '2008381617971200417': '发票下载', '2008381617971200000': '订单同步', '2008381617971200999': 'Payroll export' };
const ERRORS = [
  'ConnectionResetError: robot host rh-07 went away after 30012 ms\nTraceback (most recent call last): ...',
  'ElementNotFound: 找不到元素 "登录按钮" <!channel> *urgent*',
];

/** A burst as flood control groups it: 50 runs of three workflows, most failing with the same two errors. */
function burst(): Transition[] {
  const ids = Object.keys(WORKFLOWS);
  return Array.from({ length: 50 }, (_, i) => {
    const failed = i % 12 !== 11;
    const id = `${(0x3f9a0c1e + i * 7919).toString(16)}-7d1c-4b8e-9a55-${String(i).padStart(12, '0')}`;
    const base = failed ? sampleFailed : sampleCompleted;
    return { kind: 'pendingEnded', detectedAt: Date.UTC(2026, 10, 29, 1, 47) + i, execution: { ...base, id, projectId: ids[i % 3]!, status: failed ? 'FAILED' : 'COMPLETED', error: failed ? ERRORS[i % 5 === 0 ? 1 : 0]! : null } };
  });
}

describeWithChromium('a grouped Slack message, drawn in headless Chromium (an approximation of Slack’s client)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('50 alerts at once: counts per status, workflow and error, one line per execution, hostile text shown as written', async () => {
    const facts = buildGroupFacts(burst(), { timeZone: 'Asia/Shanghai', workflowLabel: (id) => WORKFLOWS[id] ?? id, remaining: 152 });
    const message = buildSlackGroupMessage(facts, { failureMention: '<!here>' });
    const page = await browser.newPage({ viewport: { width: 1040, height: 600 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(slackMessageHtml(message));
    expect(await page.locator('.header').innerText()).toContain('50 alerts at once: 46 failed, 4 completed');
    expect(await page.getByText('152 more alerts follow in the next messages.').isVisible()).toBe(true);
    // The API's `<!channel>` stays text: no mention is drawn.
    expect(await page.locator('.link').count()).toBe(0);
    expect(await page.locator('code').count()).toBe(50);
    if (process.env.UPDATE_SCREENSHOT) await page.locator('.message').screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'slack-grouped.png') });
    await page.close();
  });
});
