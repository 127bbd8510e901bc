import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildEmailMessage } from '../../src/notify/email/email-message';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

describe('buildEmailMessage', () => {
  it('FAILED: subject as PRODUCT.md shows it, the error in both parts', () => {
    const mail = buildEmailMessage(buildAlertFacts(transitionOf(sampleFailed), 'Asia/Shanghai'));
    expect(mail.subject).toBe('[RPA] FAILED 2008381617971200000 (49b9771c)');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('2026-01-06 14:16:11 +08:00');
      expect(part).toContain('14s');
    }
    expect(mail.text).toContain("'str' object has no attribute 'get'");
    expect(mail.html).toContain('&#39;str&#39; object has no attribute &#39;get&#39;');
  });

  it('COMPLETED: result message, data and video in both parts; the sample took 15s', () => {
    const mail = buildEmailMessage(buildAlertFacts(transitionOf(sampleCompleted), 'Asia/Shanghai'));
    expect(mail.subject).toBe('[RPA] COMPLETED 2008381617971200000 (6cef46ae)');
    for (const part of [mail.text, mail.html]) {
      expect(part).toContain('运行成功');
      expect(part).toContain('15s');
      expect(part).toContain('2008840517644636160.mp4');
    }
  });

  it('nothing from the API reaches HTML unescaped or a header with a line break', () => {
    const hostile = { ...sampleFailed, projectId: 'wf\r\nBcc: victim@example.com', error: '<img src=x onerror=alert(1)>' };
    const mail = buildEmailMessage(buildAlertFacts(transitionOf(hostile), 'UTC'));
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.html).not.toContain('<img');
    expect(mail.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
  });

  it('a huge error stays a sane mail, with a marker', () => {
    const mail = buildEmailMessage(buildAlertFacts(transitionOf({ ...sampleFailed, error: 'E'.repeat(5_000_000) }), 'UTC'));
    expect(mail.html.length).toBeLessThan(300_000);
    expect(mail.text).toMatch(/truncated, \d+ more characters/);
  });
});
