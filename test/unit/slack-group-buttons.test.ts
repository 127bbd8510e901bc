import type { Transition } from '../../src/domain/transition';
import { buildGroupFacts } from '../../src/notify/group-facts';
import { withGroupButtons } from '../../src/notify/slack/slack-group-buttons';
import { buildSlackGroupMessage } from '../../src/notify/slack/slack-group-message';
import { SLACK_LIMITS } from '../../src/notify/slack/slack-limits';
import { sampleCompleted, sampleFailed } from '../fixtures/executions';

const alert = (id: string, projectId: string, status: 'FAILED' | 'COMPLETED' | 'STUCK', account?: string): Transition => ({
  kind: 'pendingEnded',
  detectedAt: 1_000,
  ...(account ? { account } : {}),
  execution: { ...(status === 'COMPLETED' ? sampleCompleted : sampleFailed), id, projectId, status, error: status === 'COMPLETED' ? null : 'boom' },
});
const label = (id: string) => (id === 'p1' ? '发票下载' : id);
const grouped = (transitions: Transition[]) => {
  const message = buildSlackGroupMessage(buildGroupFacts(transitions, { timeZone: 'UTC', workflowLabel: label, remaining: 0 }));
  return withGroupButtons(message, transitions, { language: 'en', workflowLabel: label });
};
const buttonSets = (message: ReturnType<typeof grouped>) => message.blocks.flatMap((b) => (b.type === 'actions' ? [b] : []));
const executionsOf = (message: ReturnType<typeof grouped>) => buttonSets(message).map((b) => b.elements[0]!.value.split('|')[2]);

describe('withGroupButtons: Slack actions on a grouped message', () => {
  const ids = (n: number, prefix: string) => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(7, '0')}-aaaa`);

  it.each([
    ['a few failures: one set per FAILED/STUCK execution, none for COMPLETED', [alert('f0000001-a', 'p1', 'FAILED'), alert('c0000001-a', 'p1', 'COMPLETED'), alert('s0000001-a', 'p2', 'STUCK')], ['f0000001-a', 's0000001-a']],
    ['nothing actionable: no buttons', [alert('c0000001-a', 'p1', 'COMPLETED'), alert('c0000002-a', 'p2', 'COMPLETED')], []],
  ])('%s', (_name, transitions, expected) => {
    expect(executionsOf(grouped(transitions))).toEqual(expected);
  });

  it('50 failures over 3 workflows: too many for the blocks left, so one set per workflow (its last execution listed)', () => {
    const transitions = ids(50, 'f').map((id, i) => alert(id, `p${i % 3}`, 'FAILED'));
    const message = grouped(transitions);
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    expect(buttonSets(message)).toHaveLength(3);
    expect(message.blocks.at(-1)!.type).toBe('context'); // the footer stays last
  });

  it('buttons name the account of each run and its short id, within 75 characters', () => {
    const message = grouped([alert('f0000001-aaaa', 'p1', 'FAILED', 'finance'), alert('f0000002-aaaa', 'p1', 'FAILED')]);
    const [first, second] = buttonSets(message);
    expect(first!.elements.map((e) => e.value)).toEqual(['rerun|finance|f0000001-aaaa', 'mute|finance|f0000001-aaaa', 'ack|finance|f0000001-aaaa']);
    expect(second!.elements[0]!.value).toBe('rerun|default|f0000002-aaaa');
    expect(first!.elements[0]!.text.text).toBe('Re-run · f0000001 · 发票下载');
    for (const set of buttonSets(message)) for (const e of set.elements) expect([...e.text.text].length).toBeLessThanOrEqual(75);
  });
});
