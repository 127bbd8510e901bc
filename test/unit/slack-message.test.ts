import { buildAlertFacts } from '../../src/notify/alert-facts';
import { SLACK_LIMITS } from '../../src/notify/slack/slack-limits';
import { buildSlackMessage, type SlackMessage } from '../../src/notify/slack/slack-message';
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
