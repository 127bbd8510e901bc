import path from 'node:path';
import type { Browser } from 'playwright-core';
import { formatInstant } from '../../src/domain/api-time';
import { describeWithChromium, launchChromium } from '../helpers/chromium';
import { Harness } from '../helpers/harness';
import type { SlackPost } from '../helpers/slack-server';
import { type DrawnMessage, slackThreadHtml } from '../helpers/slack-thread-html';

const MINUTE = 60_000;
const INVOICES = '2008381617971200417';
const TZ = 'Asia/Shanghai';

/** Yesterday at hh:mm in Shanghai: fixed clock times for the picture, after the baseline run. */
function yesterdayAt(hhmm: string): number {
  const day = formatInstant(Date.now() - 86_400_000, TZ).slice(0, 10);
  return Date.parse(`${day}T${hhmm}:00+08:00`);
}

describeWithChromium('a failing streak as a Slack thread, drawn in headless Chromium (an approximation of Slack)', () => {
  let h: Harness;
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  });
  afterAll(() => browser?.close());
  afterEach(() => h.stop());

  it('5 failures from 09:12 to 09:47, then a success at 10:05: the root counted them, the thread holds them, the recovery is broadcast', async () => {
    h = await new Harness().start({ DISPLAY_TIMEZONE: TZ });
    h.useConfigFile(`workflows:\n  "${INVOICES}": 发票下载\n`);
    h.simulator.complete(h.simulator.startExecution({ projectId: INVOICES, startedAt: Date.now() - 3 * 86_400_000 }).id, undefined, Date.now() - 3 * 86_400_000 + MINUTE);
    const bot = h.addBot();
    await bot.pollAndSettle(); // the baseline

    // Different errors: "same error" counts by detection time, which is now, not the clock times of this picture.
    const errors = [
      'invoice portal login failed: timeout after 30000 ms',
      'captcha not recognised on the login page',
      'invoice portal answered HTTP 502 Bad Gateway',
      'download button #export not found',
      'Excel template 发票模板.xlsx is locked by another process',
    ];
    const ends = ['09:12', '09:20', '09:29', '09:38', '09:47'];
    const timeOf = new Map<string, string>();
    for (const [i, hhmm] of ends.entries()) {
      const end = yesterdayAt(hhmm);
      const run = h.simulator.startExecution({ projectId: INVOICES, startedAt: end - 3 * MINUTE });
      h.simulator.fail(run.id, errors[i], end);
      timeOf.set(run.id, hhmm);
      expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);
    }
    const rootPost = h.slack.posts[0]!;
    const rootWhileFailing: SlackPost = structuredClone(h.slack.messages.get(rootPost.ts!)!);
    const ok = h.simulator.startExecution({ projectId: INVOICES, startedAt: yesterdayAt('10:02') });
    h.simulator.complete(ok.id, undefined, yesterdayAt('10:05'));
    timeOf.set(ok.id, '10:05');
    expect((await bot.pollAndSettle()).notificationsFailed).toBe(0);

    const when = (post: SlackPost) => [...timeOf].find(([id]) => JSON.stringify(post.blocks).includes(id))?.[1] ?? '';
    const replies = h.slack.posts.filter((p) => p.threadTs === rootPost.ts);
    const recovery = replies.at(-1)!;
    expect(recovery.replyBroadcast).toBe(true);
    const channelMessages: DrawnMessage[] = [{ post: rootWhileFailing, time: '09:12', note: `${replies.length - 1} replies · last reply 09:47` }];
    const thread: DrawnMessage[] = [{ post: h.slack.messages.get(rootPost.ts!)!, time: '09:12' }, ...replies.map((post) => ({ post, time: when(post), ...(post.replyBroadcast ? { note: 'Also sent to #rpa-alerts' } : {}) }))];

    const page = await browser.newPage({ viewport: { width: 1200, height: 800 }, javaScriptEnabled: false });
    await page.route('**/*', (route) => route.abort());
    await page.setContent(slackThreadHtml({ channel: 'rpa-alerts', channelTitle: 'at 09:50, while failing', threadTitle: 'after the recovery at 10:05', channelMessages, thread }));
    // The emoji are drawn as ✕ / ✓ (see slackThreadHtml); the words follow them.
    expect(await page.locator('#channel .header .cross').count()).toBe(1);
    expect(await page.locator('#channel .header').first().innerText()).toBe(`✕ 发票下载 (${INVOICES}) failing: 5 failed runs since 09:12, latest 09:47`);
    expect(await page.locator('#thread .header').first().innerText()).toBe(`✓ 发票下载 (${INVOICES}) recovered at 10:05 after 5 failed runs since 09:12 (53m)`);
    expect(await page.locator('#thread .header').last().innerText()).toBe(`✓ 发票下载 (${INVOICES}) recovered after 5 failed runs (53m)`);
    expect(await page.locator('#thread .msg').count()).toBe(6);
    if (process.env.UPDATE_SCREENSHOT) await page.locator('.wrap').screenshot({ path: path.join(__dirname, '..', '..', 'docs', 'slack-thread.png') });
    await page.close();
  });
});
