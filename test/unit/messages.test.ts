import { en } from '../../src/i18n/catalogue-en';
import { zhCN } from '../../src/i18n/catalogue-zh-cn';
import { formatDurationIn, statusText, t } from '../../src/i18n/messages';

describe('the message catalogue', () => {
  it('both languages have exactly the same keys, and the same placeholders in each text', () => {
    expect(Object.keys(zhCN).sort()).toEqual(Object.keys(en).sort());
    const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort();
    for (const key of Object.keys(en) as (keyof typeof en)[]) expect({ key, zh: placeholders(zhCN[key]) }).toEqual({ key, zh: placeholders(en[key]) });
  });

  it.each<[Parameters<typeof formatDurationIn>[0], number, string]>([
    ['en', 123_000, '2m 3s'],
    ['zh-CN', 123_000, '2分3秒'],
    ['zh-CN', 3_723_000, '1小时2分3秒'],
    ['en', 45_000, '45s'],
    ['zh-CN', 500, '500毫秒'],
  ])('durations in %s: %d ms is %s', (language, ms, text) => {
    expect(formatDurationIn(language, ms)).toBe(text);
  });

  it('fills placeholders and names statuses; an unknown status stays as served', () => {
    expect(t('zh-CN', 'notice.unreachable.title', { cause: 'HTTP 502' })).toBe('iFlyRPA 无法访问：HTTP 502');
    expect(statusText('zh-CN', 'FAILED')).toBe('失败');
    expect(statusText('en', 'CANCELLED')).toBe('CANCELLED');
  });
});
