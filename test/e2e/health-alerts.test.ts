import { Harness } from '../helpers/harness';
import { slackPostText } from '../helpers/slack-server';
import { until } from '../helpers/until';

describe('alerts about the bot itself', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start({ POLL_INTERVAL: '200ms', HEALTH_ALERT_AFTER: '3' });
  });
  afterEach(() => h.stop());

  const notices = () => h.slack.posts.filter((p) => p.text.includes('iFlyRPA'));

  it('after N failed polls in a row: one "unreachable" alert on every channel, then one "recovered"', async () => {
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.injectFault({ kind: 'httpStatus', status: 503 }, 1000);
    bot.startPolling();
    await until(() => notices().length >= 1);
    expect(notices()[0]!.text).toBe('<!here> 🚨 iFlyRPA unreachable: iFlyRPA had a server error (HTTP 503)');
    expect(slackPostText(notices()[0]!)).toContain('3 failed polls in a row');
    await h.smtp.waitForMails(1);
    expect(h.smtp.mails[0]!.subject).toBe('[RPA] iFlyRPA unreachable: iFlyRPA had a server error (HTTP 503)');

    const requestsAtAlert = h.simulator.listRequests().length;
    await until(() => h.simulator.listRequests().length >= requestsAtAlert + 1); // one more failed poll: no second alert
    h.simulator.clearFaults();
    await until(() => notices().length >= 2);
    expect(notices()[1]!.text).toBe('✅ iFlyRPA polling recovered');
    await h.smtp.waitForMails(2);
    expect(h.smtp.mails[1]!.subject).toBe('[RPA] iFlyRPA polling recovered');
    expect(notices()).toHaveLength(2);
    // One plain line per cause, not one per poll (and never a stack trace).
    const failedPolls = h.logs[0]!.messages().filter((m) => m === 'poll failed: iFlyRPA had a server error (HTTP 503)');
    expect(failedPolls.length).toBeGreaterThanOrEqual(1);
    expect(failedPolls.length).toBeLessThan(h.simulator.listRequests().length - 1);
    expect(h.allLogLines().join('\n')).not.toMatch(/"stack"/);
  });

  it('a rejected API key alerts at the first failed poll', async () => {
    const bot = h.addBot();
    await bot.pollAndSettle();
    h.simulator.injectFault({ kind: 'httpStatus', status: 401 }, 1000);
    bot.startPolling();
    await until(() => notices().length >= 1);
    expect(notices()[0]!.text).toContain('iFlyRPA unreachable: iFlyRPA rejected the API key (HTTP 401)');
    expect(slackPostText(notices()[0]!)).toContain('1 failed poll in a row');
  });
});
