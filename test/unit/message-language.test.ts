import { loadConfig } from '../../src/config/config';
import { parseConfigFile } from '../../src/config/config-file';
import { buildDigest } from '../../src/domain/build-digest';
import type { HealthNotice } from '../../src/domain/health-notice';
import type { Language } from '../../src/i18n/messages';
import { buildAlertFacts } from '../../src/notify/alert-facts';
import { buildChannels } from '../../src/notify/build-channels';
import { channelKinds } from '../../src/notify/channel-registry';
import { buildDigestMessage } from '../../src/notify/email/digest-message';
import { buildEmailMessage, buildEmailNotice } from '../../src/notify/email/email-message';
import { describeNotice } from '../../src/notify/notice-text';
import { buildSlackMessage, buildSlackNotice, type SlackMessage } from '../../src/notify/slack/slack-message';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

// 2 min 3 s, so that the duration shows in each language's units.
const failed = transitionOf({ ...sampleFailed, endMs: sampleFailed.startMs! + 123_000 });
const completed = transitionOf({ ...sampleCompleted, endMs: sampleCompleted.startMs! + 123_000 });
const START = Date.UTC(2026, 10, 25, 6, 0);
const digestOf = (language: Language) =>
  buildDigestMessage(
    buildDigest(
      [failed, completed].map((t) => ({ ...t, detectedAt: START + 1000 })),
      { start: START, end: START + 3_600_000 },
      { maxPerWorkflow: 25 },
    ),
    'Asia/Shanghai',
    { language },
  );
const slackText = (m: SlackMessage) =>
  [m.text, ...m.blocks.flatMap((b) => ('text' in b && b.text ? [b.text.text] : 'fields' in b && b.fields ? b.fields.map((f) => f.text) : 'elements' in b ? b.elements.map((e) => e.text) : []))].join('\n');
const slackOf = (language: Language) => [failed, completed].map((t) => slackText(buildSlackMessage(buildAlertFacts(t, 'Asia/Shanghai', { language, test: true })))).join('\n');
const emailOf = (language: Language) =>
  [failed, completed]
    .map((t) => buildEmailMessage(buildAlertFacts(t, 'Asia/Shanghai', { language })))
    .flatMap((m) => [m.subject, m.text, m.html])
    .join('\n');
const unreachable: HealthNotice = { kind: 'unreachable', incidentId: 'i-1', since: START, at: START + 60_000, failures: 3, cause: 'HTTP 502' };
const noticesOf = (language: Language) => {
  const text = describeNotice(unreachable, 'Asia/Shanghai', language);
  const mail = buildEmailNotice(text);
  return [slackText(buildSlackNotice(text)), mail.subject, mail.text, mail.html].join('\n');
};

// Words our own texts use in English; none may show in a Chinese message (the API's own text may be anything).
const ENGLISH = /\b(Status|Workflow|workflow|Execution|execution|Version|Start|End|Duration|Exec position|Error|Result|Message|Video|FAILED|COMPLETED|TEST|Digest|digest|failed|completed|took|Times in|Sent by|about|Polling|unreachable)\b/;

describe('messages in the channel language', () => {
  it.each<[string, (language: Language) => string, (string | RegExp)[], (string | RegExp)[]]>([
    ['Slack alert', slackOf, ['*状态*\n失败', '*耗时*\n2分3秒', '[测试] ', '*错误*', '*结果*', '消息：运行成功', '上次轮询时仍在运行', '2026-01-06 14:16:11 +08:00'], ['*Status*\nFAILED', '*Duration*\n2m 3s', '[TEST] ', '*Error*', '*Result*', 'Message: 运行成功', '2026-01-06 14:16:11 +08:00']],
    ['email alert', emailOf, ['[RPA] 失败 2008381617971200000 (49b9771c)', '状态：失败', '耗时：2分3秒', '>耗时</th>', '结果消息', '由 rpa-notify 发送', 'lang="zh-CN"'], ['[RPA] FAILED 2008381617971200000 (49b9771c)', 'Status: FAILED', 'Duration: 2m 3s', '>Duration</th>', 'Result message', 'Sent by rpa-notify']],
    ['digest', (language) => Object.values(digestOf(language)).join('\n'), ['[RPA] 汇总 2026-11-25 14:00–15:00：失败 1，成功 1', '耗时 2分3秒', '按流程', '失败率', '时间为 Asia/Shanghai 时区'], ['[RPA] Digest 2026-11-25 14:00–15:00: 1 failed, 1 completed', 'took 2m 3s', 'By workflow', 'Failure rate', 'Times in Asia/Shanghai']],
    ['health notices', noticesOf, ['iFlyRPA 无法访问：HTTP 502', '连续 3 次', '关于机器人自身', '[RPA] iFlyRPA 无法访问'], ['iFlyRPA unreachable: HTTP 502', '3 failed polls in a row', 'about the bot itself', 'Sent by rpa-notify, about itself.']],
  ])('%s: Chinese labels and no English ones in zh-CN; English unchanged', (_what, render, chinese, english) => {
    const zh = render('zh-CN');
    for (const text of chinese) expect(zh).toContain(text);
    expect(zh).not.toMatch(ENGLISH);
    const en = render('en');
    for (const text of english) expect(en).toContain(text);
    expect(en).not.toMatch(/[\u4e00-\u9fff](?<![运行成功])/u);
  });

  it('a cut text ends with the marker in the channel language', () => {
    const facts = buildAlertFacts(transitionOf({ ...sampleFailed, error: 'x'.repeat(5_000) }), 'UTC', { language: 'zh-CN' });
    expect(slackText(buildSlackMessage(facts))).toMatch(/x…（已截断，还有 \d+ 个字符）/);
  });
});

describe('ALERT_LANGUAGE and the per-channel language', () => {
  const env = { IFLYRPA_API_KEY: 'k-123456', SLACK_BOT_TOKEN: 'xoxb-t', SLACK_CHANNEL: 'C1' };
  const file = 'channels:\n  plain: { type: slack, channel: C2 }\n  english: { type: slack, channel: C3, language: en }\n  chinese: { type: slack, channel: C4, language: zh-CN }\n';
  const languages = (variables: Record<string, string>) => {
    const config = loadConfig({ ...env, ...variables });
    if (!config.ok) throw new Error(config.problems.join('\n'));
    const parsed = parseConfigFile(file, { ...env, ...variables }, { channelTypes: channelKinds });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const channels = buildChannels(config.config, Object.values(parsed.file.channels), { displayTimeZone: 'UTC', workflowLabel: (id) => id });
    return Object.fromEntries(channels.map((c) => [c.name, c.language]));
  };

  it.each<[string, Record<string, string>, Record<string, Language>]>([
    ['unset: each type its default, the file per channel', {}, { slack: 'en', plain: 'en', english: 'en', chinese: 'zh-CN' }],
    ['zh-CN: the environment channel and file channels without language:; language: en wins', { ALERT_LANGUAGE: 'zh-CN' }, { slack: 'zh-CN', plain: 'zh-CN', english: 'en', chinese: 'zh-CN' }],
    ['en', { ALERT_LANGUAGE: 'en' }, { slack: 'en', plain: 'en', english: 'en', chinese: 'zh-CN' }],
  ])('ALERT_LANGUAGE %s', (_name, variables, expected) => {
    expect(languages(variables)).toEqual(expected);
  });

  it('a language it does not know is one clear line', () => {
    const result = loadConfig({ IFLYRPA_API_KEY: 'k-123456', ALERT_LANGUAGE: 'fr' });
    expect(result).toEqual({ ok: false, problems: ['ALERT_LANGUAGE must be en or zh-CN'] });
  });
});
