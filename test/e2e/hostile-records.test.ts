import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';

const MINUTE = 60_000;
const DEEP = '['.repeat(5000) + ']'.repeat(5000);

interface LogLine {
  level: number;
  msg: string;
  executionId?: string;
}

describe('one record the bot cannot hold never stops polling', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.stop());

  const lines = (): LogLine[] => h.allLogLines().map((line) => JSON.parse(line) as LogLine);
  const warningsAbout = (id: string) => lines().filter((l) => l.level === 40 && (l.executionId === id || l.msg.includes(id)));

  it('a run whose parameters are 5000 nested brackets: the FAILED run beside it is alerted, polls go on, one warning names it', async () => {
    const real = h.simulator.startExecution({ startedAt: Date.now() - 2 * MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    const deep = h.simulator.startExecution({ startedAt: Date.now() - MINUTE, parameters: DEEP });
    h.simulator.fail(real.id, 'the real failure');

    const first = await bot.pollAndSettle();
    expect(first.transitions).toBe(1);
    h.simulator.fail(deep.id, 'the deep one failed too');
    const second = await bot.pollAndSettle();
    expect(second.transitions).toBe(1);
    await bot.pollAndSettle();

    expect(h.slack.posts.map(slackPostText).filter((t) => t.includes('the real failure'))).toHaveLength(1);
    expect(h.slack.posts.map(slackPostText).filter((t) => t.includes('the deep one failed too'))).toHaveLength(1);
    expect(h.allLogLines().join('\n')).not.toContain('Maximum call stack');
    const warnings = warningsAbout(deep.id);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.msg).toContain('nested deeper than 64 levels');
    expect(await bot.store.lastPollSuccess()).not.toBeNull();
  });

  it('an object nested 5000 levels in the API JSON itself is handled the same way', async () => {
    const real = h.simulator.startExecution({ startedAt: Date.now() - 2 * MINUTE });
    const bot = h.addBot();
    await bot.pollAndSettle();
    const deep = h.simulator.startExecution({ startedAt: Date.now() - MINUTE, parameters: '__DEEP__' });
    h.simulator.fail(real.id, 'the real failure');
    const executions = h.simulator.executions;
    const page = { code: '0000', msg: '', data: { executions, total: executions.length, pageNo: 1, pageSize: 5, total_pages: 1 } };
    // The simulator cannot serialise such a record itself, so the page is written by hand.
    h.simulator.injectFault({ kind: 'body', body: JSON.stringify(page).replace('"__DEEP__"', DEEP) });

    const first = await bot.pollAndSettle();
    expect(first.transitions).toBe(1);
    await bot.pollAndSettle();

    expect(h.slack.posts.map(slackPostText).filter((t) => t.includes('the real failure'))).toHaveLength(1);
    expect(h.allLogLines().join('\n')).not.toContain('Maximum call stack');
    expect(warningsAbout(deep.id)).toHaveLength(1);
  });
});
