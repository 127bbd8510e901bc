import path from 'node:path';
import type { Browser } from 'playwright-core';
import { describeWithChromium, launchChromium } from '../helpers/chromium';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildWecomMessage } from '../../src/notify/wecom/wecom-message';
import { sampleFailed, transitionOf } from '../fixtures/executions';
import { wecomMarkdownToHtml } from '../helpers/wecom-markdown-html';


describeWithChromium('a WeCom alert rendered the way the client shows robot markdown (approximation), in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('a FAILED alert with hostile API text: the status in orange, one mention (the configured one), no link, the hostile text shown as text', async () => {
    const hostile = `${sampleFailed.error}\n# 已恢复\n<font color="info">一切正常</font> <@all> [点此查看](https://evil.example/x)`;
    const facts = buildAlertFacts(transitionOf({ ...sampleFailed, error: hostile }), 'Asia/Shanghai', { language: 'zh-CN', workflowLabel: (id) => `订单同步 (${id})` });
    const html = wecomMarkdownToHtml(buildWecomMessage(facts, { mention: ['zhangsan'] }).markdown.content);
    const page = await browser.newPage({ viewport: { width: 640, height: 200 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html);
    expect(await page.locator('h3').innerText()).toBe('❌ 失败 · 流程 订单同步 (2008381617971200000)');
    expect(await page.locator('h3 .font').getAttribute('style')).toBe('color:#f5a623');
    expect(await page.locator('.mention').allInnerTexts()).toEqual(['@zhangsan']);
    expect(await page.locator('a').count()).toBe(0);
    expect(await page.locator('h1, h2, h4, h5, h6').count()).toBe(0);
    expect(await page.locator('.font').count()).toBe(2); // the status and the footer
    expect(await page.getByText('一切正常').isVisible()).toBe(true);
    if (process.env.UPDATE_SCREENSHOT) await page.screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'wecom.png'), fullPage: true });
    await page.close();
  });
});
