import { buildAlertFacts } from '../../src/notify/alert-facts';
import { SLACK_LIMITS } from '../../src/notify/slack/slack-limits';
import { buildSlackMessage, buildSlackNotice, type SlackMessage } from '../../src/notify/slack/slack-message';
import type { Execution } from '../../src/domain/execution';
import { sampleCompleted, sampleFailed, transitionOf } from '../fixtures/executions';

const allText = (m: SlackMessage) =>
  [m.text, ...m.blocks.flatMap((b) => ('text' in b && b.text ? [b.text.text] : 'fields' in b && b.fields ? b.fields.map((f) => f.text) : 'elements' in b ? b.elements.map((e) => e.text) : []))].join('\n');

describe('buildSlackMessage', () => {
  it('FAILED: shows the error, the workflow, times in the display zone and the real duration', () => {
    const message = buildSlackMessage(buildAlertFacts(transitionOf(sampleFailed), 'Asia/Shanghai'), { failureMention: '<!here>' });
    const text = allText(message);
    expect(text).toContain("'str' object has no attribute 'get'");
    expect(text).toContain('2008381617971200000');
    expect(text).toContain('2026-01-06 14:16:11 +08:00');
    expect(text).toContain('14s');
    expect(message.text.startsWith('<!here> ')).toBe(true);
    expect(message.blocks[0]).toMatchObject({ type: 'header' });
  });

  it('COMPLETED: shows the result message, data and video path; the documented sample took 15s', () => {
    const message = buildSlackMessage(buildAlertFacts(transitionOf(sampleCompleted), 'Asia/Shanghai'), { failureMention: '<!here>' });
    const text = allText(message);
    expect(text).toContain('运行成功');
    expect(text).toContain('{"right":71}');
    expect(text).toContain('2008840517644636160.mp4');
    expect(text).toMatch(/\*Duration\*\n15s/);
    expect(message.text).not.toContain('<!here>');
  });

  it('API text cannot mention a channel or forge a link', () => {
    const hostile = { ...sampleFailed, error: '<!channel> see <https://evil.example|your bank>', projectId: '<@U123>' };
    const message = buildSlackMessage(buildAlertFacts(transitionOf(hostile), 'UTC'));
    for (const block of message.blocks) {
      if (block.type === 'section' && block.fields) for (const f of block.fields) expect(f.text).not.toMatch(/<[!@#]/);
      if (block.type === 'section' && block.text?.type === 'mrkdwn') expect(block.text.text).not.toMatch(/<[!@#h]/);
    }
    expect(message.text).not.toMatch(/<[!@#h]/);
  });

  it('keeps within Slack limits whatever the size of the content', () => {
    const huge = { ...sampleFailed, error: 'E'.repeat(50_000), projectId: 'P'.repeat(200), parameters: { blob: 'x'.repeat(20_000) } };
    const message = buildSlackMessage(buildAlertFacts(transitionOf(huge), 'UTC'), { failureMention: '<!subteam^S0123>' });
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === 'section' && block.text) expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === 'section' && block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of block.fields) expect(f.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
    }
    expect(allText(message)).toMatch(/truncated, \d+ more characters/);
  });

  it('never shows a negative duration: a misconfigured zone says so instead', () => {
    const wrong = { ...sampleCompleted, endMs: sampleCompleted.startMs! - 8 * 3_600_000 };
    const text = allText(buildSlackMessage(buildAlertFacts(transitionOf(wrong), 'UTC')));
    expect(text).not.toMatch(/-\d+s|-\d+h/);
    expect(text).toContain('end before start');
  });

  it('shows a result that is a non-parsable string verbatim', () => {
    const odd = { ...sampleCompleted, result: "{'unclosed': 1" };
    expect(allText(buildSlackMessage(buildAlertFacts(transitionOf(odd), 'UTC')))).toContain("{'unclosed': 1");
  });
});

describe('Slack limits hold after escaping, whatever lands in whichever field', () => {
  const hostile: [string, string][] = [
    ['all <', '<'.repeat(5_000)],
    ['all &', '&'.repeat(3_000)],
    ['all >', '>'.repeat(4_000)],
    ['all *', '*'.repeat(4_000)],
    ['emoji (surrogate pairs)', '😀'.repeat(3_000)],
    ['a mix', '&<>*_~`😀a'.repeat(1_000)],
    ['short but escaped', '&<>'.repeat(40)],
  ];
  const fields: [string, (text: string) => Partial<Execution>][] = [
    ['error', (t) => ({ status: 'FAILED', error: t })],
    ['exec_position', (t) => ({ execPosition: t })],
    ['project_id', (t) => ({ projectId: t })],
    ['id', (t) => ({ id: t })],
    ['start and end times', (t) => ({ startMs: null, endMs: null, startTime: t, endTime: t })],
    ['status', (t) => ({ status: t })],
    ['result.msg', (t) => ({ status: 'COMPLETED', result: { msg: t } })],
    ['result.data', (t) => ({ status: 'COMPLETED', result: { data: t } })],
    ['result.video_path', (t) => ({ status: 'COMPLETED', result: { video_path: t } })],
    ['result as a string', (t) => ({ status: 'COMPLETED', result: t })],
    ['parameters', (t) => ({ parameters: { p: t } })],
    ['everything at once', (t) => ({ status: 'FAILED', error: t, execPosition: t, projectId: t, id: t, startMs: null, startTime: t, parameters: t })],
  ];
  const cases = fields.flatMap(([field, make]) => hostile.map(([input, text]) => [field, input, make(text)] as const));
  const wellEscaped = /^(?:[^&]|&amp;|&lt;|&gt;)*$/;
  const loneSurrogate = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

  const checkLimits = (message: SlackMessage) => {
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    // The configured mention is the one markup the text may carry.
    expect(message.text.replace(/^<![^>]*> /, '')).toMatch(wellEscaped);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    const texts: { text: { type: string; text: string }; max: number }[] = [];
    for (const block of message.blocks) {
      if (block.type === 'header') texts.push({ text: block.text, max: SLACK_LIMITS.headerText });
      if (block.type === 'section' && block.text) texts.push({ text: block.text, max: SLACK_LIMITS.sectionText });
      if (block.type === 'section' && block.fields) {
        expect(block.fields.length).toBeLessThanOrEqual(SLACK_LIMITS.fields);
        for (const f of block.fields) texts.push({ text: f, max: SLACK_LIMITS.fieldText });
      }
      if (block.type === 'context') for (const e of block.elements) texts.push({ text: e, max: SLACK_LIMITS.contextText });
    }
    for (const { text, max } of texts) {
      expect(text.text.length).toBeLessThanOrEqual(max);
      expect(text.text).not.toMatch(loneSurrogate);
      if (text.type === 'mrkdwn') expect(text.text).toMatch(wellEscaped);
    }
  };

  it.each(cases)('%s: %s', (_field, _input, over) => {
    const execution = { ...sampleFailed, ...over } as Execution;
    const message = buildSlackMessage(buildAlertFacts(transitionOf(execution), 'UTC'), { failureMention: '<!subteam^S0123|oncall>' });
    checkLimits(message);
  });

  it('an error of 5,000 < keeps the visible marker in the top-level text', () => {
    const message = buildSlackMessage(buildAlertFacts(transitionOf({ ...sampleFailed, error: '<'.repeat(5_000) }), 'UTC'));
    expect(message.text).toMatch(/… \(truncated, \d+ more characters\)$/);
    expect(message.text.length).toBeGreaterThan(SLACK_LIMITS.text - 100);
  });

  it.each(hostile)('a notice about the bot itself: %s', (_input, text) => {
    checkLimits(buildSlackNotice({ icon: '🔴', title: text, body: text }, { mention: '<!here>' }));
  });
});
