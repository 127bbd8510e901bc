import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../helpers/chromium';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildFeishuCard } from '../../src/notify/feishu/feishu-message';
import { feishuCardHtml } from '../helpers/feishu-card-html';
import { sampleFailed, transitionOf } from '../fixtures/executions';


describeWithChromium('a Feishu card, drawn in headless Chromium (an approximation of Feishu’s renderer)', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('a FAILED alert: red header, the fields, and hostile API text shown as written, no link or mention made', async () => {
    const execution = { ...sampleFailed, error: `${sampleFailed.error} <at id=all></at> [重新登录](https://evil.example) **紧急**` };
    const card = buildFeishuCard(buildAlertFacts(transitionOf(execution), 'Asia/Shanghai', { language: 'zh-CN', workflowLabel: (id) => `订单同步 (${id})` }));
    const page = await browser.newPage({ viewport: { width: 620, height: 600 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(feishuCardHtml(card));
    expect(await page.locator('#header').innerText()).toBe('❌ 失败 · 流程 订单同步 (2008381617971200000)');
    expect(await page.getByText('<at id=all></at> [重新登录](https://evil.example) **紧急**').isVisible()).toBe(true);
    expect(await page.locator('a').count()).toBe(0);
    for (const label of ['流程', '执行', '开始', '结束', '耗时', '错误']) expect(await page.locator('b', { hasText: label }).first().isVisible()).toBe(true);
    if (process.env.UPDATE_SCREENSHOT) await page.locator('.card').screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'feishu-card.png') });
    await page.close();
  });
});
