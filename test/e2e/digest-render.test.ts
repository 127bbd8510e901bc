import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../helpers/chromium';
import { renderDigestPreview } from '../../src/digest/digest-preview';
import { sampleTransitions } from '../../src/domain/sample-transitions';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildEmailMessage } from '../../src/notify/email/email-message';


describeWithChromium('a real digest in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('shows the summary table and the failures, with images off', async () => {
    const { html } = renderDigestPreview('Asia/Shanghai', Date.UTC(2026, 10, 25, 7, 10));
    const page = await browser.newPage({ viewport: { width: 900, height: 1400 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort()); // like a mail client with remote content off
    await page.setContent(html);
    const summary = page.locator('#summary');
    expect(await summary.isVisible()).toBe(true);
    expect(await summary.locator('tr').count()).toBe(5); // header + 4 workflows
    expect(await summary.locator('tr').nth(1).locator('td').first().innerText()).toBe('2008381617971200417'); // most failures first
    const failures = page.locator('#failures');
    expect(await failures.isVisible()).toBe(true);
    expect(await page.getByText("'str' object has no attribute 'get'").first().isVisible()).toBe(true);
    const box = await summary.boundingBox();
    expect(box!.width).toBeGreaterThan(500);
    if (process.env.UPDATE_SCREENSHOT) await page.screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'digest.png'), fullPage: true });
    await page.close();
  });

  it.each<[string, string | undefined, () => string, string[]]>([
    ['a zh-CN digest', undefined, () => renderDigestPreview('Asia/Shanghai', Date.UTC(2026, 10, 25, 7, 10), 'zh-CN').html, ['按流程', '失败率']],
    [
      'a zh-CN alert mail',
      'email-zh-cn.png', // the README's example of a Chinese message
      () => {
        const [failed] = sampleTransitions(0);
        const run = { ...failed!, execution: { ...failed!.execution, endMs: failed!.execution.startMs! + 123_000 } };
        return buildEmailMessage(buildAlertFacts(run, 'Asia/Shanghai', { language: 'zh-CN', workflowLabel: (id) => `订单同步 (${id})` })).html;
      },
      ['状态', '耗时', '2分3秒'],
    ],
  ])('%s shows its Chinese labels', async (_what, file, render, labels) => {
    const page = await browser.newPage({ viewport: { width: 900, height: 380 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(render());
    for (const label of labels) expect(await page.getByText(label, { exact: true }).first().isVisible()).toBe(true);
    if (process.env.UPDATE_SCREENSHOT && file) await page.screenshot({ path: path.join(__dirname, '..', '..', 'docs', file), fullPage: true });
    await page.close();
  });
});
