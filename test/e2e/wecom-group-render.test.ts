import path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Transition } from '../../src/domain/transition';
import { buildGroupFacts } from '../../src/notify/group-facts';
import { buildWecomGroupMessage, wecomGroupCapacity } from '../../src/notify/wecom/wecom-group-message';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';
import { describeWithChromium, launchChromium } from '../helpers/chromium';
import { wecomMarkdownToHtml } from '../helpers/wecom-markdown-html';

const names: Record<string, string> = { p0: '订单同步', p1: '发票下载', p2: '对账' };
const alert = (i: number): Transition => {
  const failed = i % 4 !== 3;
  const id = `${String(i).padStart(2, '0')}c4e9a1-7d2b-4f0e-9a31-0b8e5f${String(i).padStart(6, '0')}`;
  return {
    kind: 'pendingEnded',
    detectedAt: 1_795_000_000_000,
    execution: { ...(failed ? sampleFailed : sampleCompleted), id, projectId: `p${i % 3}`, status: failed ? 'FAILED' : 'COMPLETED', error: failed ? (i % 2 ? 'TimeoutError: 网页加载超时 https://erp.example.com/orders' : '机器人主机 rh-07 失联 <@all> [重试](https://evil.example)') : null },
  };
};

describeWithChromium('a grouped WeCom message (flood control) rendered the way the client shows robot markdown, in headless Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());

  it('a burst of 13 runs in one message: every run on its own line, one mention (the configured one), no link', async () => {
    const transitions = Array.from({ length: wecomGroupCapacity(['zhangsan']) }, (_, i) => alert(i));
    const facts = buildGroupFacts(transitions, { timeZone: 'Asia/Shanghai', language: 'zh-CN', workflowLabel: (id) => names[id] ?? id, remaining: 7 });
    const html = wecomMarkdownToHtml(buildWecomGroupMessage(facts, { mention: ['zhangsan'] }).markdown.content);
    const page = await browser.newPage({ viewport: { width: 640, height: 200 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(html);
    const text = await page.locator('body').innerText();
    for (const t of transitions) expect(text.split(t.execution.id.slice(0, 8)).length - 1).toBe(1);
    expect(await page.locator('.mention').allInnerTexts()).toEqual(['@zhangsan']);
    expect(await page.locator('a').count()).toBe(0);
    if (process.env.UPDATE_SCREENSHOT) await page.screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'wecom-grouped.png'), fullPage: true });
    await page.close();
  });
});
