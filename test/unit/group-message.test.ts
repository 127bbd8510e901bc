import type { Transition } from '../../src/domain/transition';
import { buildEmailGroupMessage } from '../../src/notify/email/email-group-message';
import { buildGroupFacts } from '../../src/notify/group-facts';
import { buildSlackGroupMessage, sections } from '../../src/notify/slack/slack-group-message';
import { SLACK_LIMITS } from '../../src/notify/slack/slack-limits';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';

const ZONE = 'Asia/Shanghai';
const alert = (id: string, projectId: string, status: 'FAILED' | 'COMPLETED', error: string | null = null, detectedAt = 1_000): Transition => ({
  kind: 'pendingEnded',
  detectedAt,
  execution: { ...(status === 'FAILED' ? sampleFailed : sampleCompleted), id, projectId, status, error: status === 'FAILED' ? error : null },
});
const labels: Record<string, string> = { p1: '发票下载', p2: '订单同步' };
const options = { timeZone: ZONE, workflowLabel: (id: string) => labels[id] ?? id, remaining: 0 };

/** Every text a Slack message shows, blocks included. */
const slackTexts = (message: ReturnType<typeof buildSlackGroupMessage>) => [
  message.text,
  ...message.blocks.flatMap((b) => ('text' in b && b.text ? [b.text.text] : 'elements' in b ? b.elements.map((e) => e.text) : [])),
];

describe('buildGroupFacts', () => {
  it('failures first, counts per status, workflow and error (same fingerprint across ids and numbers)', () => {
    const facts = buildGroupFacts(
      [
        alert('c0000001-aaaa', 'p1', 'COMPLETED', null, 1),
        alert('f0000001-aaaa', 'p1', 'FAILED', 'robot host rh-12 went away after 3000 ms\nTraceback: ...', 2),
        alert('f0000002-aaaa', 'p2', 'FAILED', 'robot host rh-7 went away after 12 ms\nTraceback: ...', 3),
      ],
      { ...options, remaining: 40 },
    );
    expect(facts).toMatchObject({ icon: '🚨', count: 3, statuses: '2 failed, 1 completed', remaining: 40, failures: true });
    expect(facts.lines.map((l) => [l.shortId, l.status, l.workflow, l.summary])).toEqual([
      ['f0000001', 'FAILED', '发票下载', 'robot host rh-12 went away after 3000 ms'],
      ['f0000002', 'FAILED', '订单同步', 'robot host rh-7 went away after 12 ms'],
      ['c0000001', 'COMPLETED', '发票下载', '运行成功'],
    ]);
    expect(facts.byWorkflow).toEqual([
      { workflow: '发票下载', counts: '1 failed, 1 completed' },
      { workflow: '订单同步', counts: '1 failed' },
    ]);
    expect(facts.byError).toEqual([{ text: '2 runs, 2 workflows: robot host rh-12 went away after 3000 ms' }]);
  });

  it.each<[string, Transition[], string]>([
    ['only completions: a calm icon', [alert('c1', 'p1', 'COMPLETED'), alert('c2', 'p1', 'COMPLETED')], '✅'],
    ['any failure: the alarm icon', [alert('c1', 'p1', 'COMPLETED'), alert('f1', 'p1', 'FAILED', 'x')], '🚨'],
  ])('%s', (_name, transitions, icon) => {
    expect(buildGroupFacts(transitions, options).icon).toBe(icon);
  });

  it('speaks Chinese for a zh-CN channel', () => {
    const facts = buildGroupFacts([alert('f1', 'p1', 'FAILED', 'x'), alert('f2', 'p1', 'FAILED', 'y')], { ...options, language: 'zh-CN' });
    expect(facts.statuses).toBe('失败 2');
    expect(buildSlackGroupMessage(facts).blocks[0]).toMatchObject({ type: 'header', text: { text: '🚨 同时到达 2 条告警：失败 2' } });
  });
});

describe('buildSlackGroupMessage', () => {
  it('50 hostile alerts: every limit holds after escaping, and each execution is named exactly once', () => {
    const hostile = '<!channel> & <@U123> *bold* `code` '.repeat(400);
    const transitions = Array.from({ length: 50 }, (_, i) => alert(`e${String(i).padStart(3, '0')}zzzz-${'9'.repeat(30)}`, `${'&<>'.repeat(300)}${i}`, i % 5 ? 'FAILED' : 'COMPLETED', hostile + i));
    const message = buildSlackGroupMessage(buildGroupFacts(transitions, { ...options, workflowLabel: (id) => id, remaining: 250 }), { failureMention: '<!here>' });
    expect(message.text.startsWith('<!here> ')).toBe(true);
    expect(message.text.length).toBeLessThanOrEqual(SLACK_LIMITS.text);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks) {
      if (block.type === 'header') expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === 'section') expect(block.text!.text.length).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
      if (block.type === 'context') for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(SLACK_LIMITS.contextText);
    }
    const all = slackTexts(message).join('\n');
    for (let i = 0; i < 50; i++) expect(all.split(`e${String(i).padStart(3, '0')}zzzz`).length - 1).toBe(1);
    // API text never becomes a mention, link or formatting.
    expect(all).not.toMatch(/<!channel>|<@U123>/);
    expect(all).toContain('250 more alerts follow');
  });

  it('no failure, no mention', () => {
    const message = buildSlackGroupMessage(buildGroupFacts([alert('c1', 'p1', 'COMPLETED'), alert('c2', 'p2', 'COMPLETED')], options), { failureMention: '<!here>' });
    expect(message.text).toBe('✅ 2 alerts at once: 2 completed');
  });
});

describe('sections', () => {
  it.each<[string, string[], number, string[]]>([
    ['title and lines in one section when they fit', ['a', 'b'], 100, ['*T*\na\nb']],
    ['a line that would overflow starts the next section, whole', ['aaaa', 'bbbb', 'cccc'], 10, ['*T*\naaaa', 'bbbb\ncccc']],
    ['a line longer than a section is cut with a mark', ['x'.repeat(20)], 10, ['*T*', `${'x'.repeat(8)}…`]],
  ])('%s', (_name, lines, max, expected) => {
    expect(sections('T', lines, max).map((b) => (b.type === 'section' ? b.text!.text : ''))).toEqual(expected);
  });
});

describe('buildEmailGroupMessage', () => {
  it('names each execution by its full id once, escapes HTML, keeps the subject on one line', () => {
    const facts = buildGroupFacts(
      [alert('f0000001-1111-2222', 'p1', 'FAILED', '<script>alert(1)</script>\nmore'), alert('c0000001-1111-2222', 'p2', 'COMPLETED')],
      { ...options, workflowLabel: (id) => (id === 'p1' ? 'evil\r\nBcc: x@example.com' : id), remaining: 3 },
    );
    const mail = buildEmailGroupMessage(facts);
    expect(mail.subject).toBe('[RPA] 2 alerts: 1 failed, 1 completed');
    expect(mail.text.split('f0000001-1111-2222').length - 1).toBe(1);
    expect(mail.text.split('c0000001-1111-2222').length - 1).toBe(1);
    expect(mail.text).toContain('3 more alerts follow');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;');
  });
});
