import { Harness } from '../helpers/harness';

describe('what the queues keep of finished jobs', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await new Harness().start();
  });
  afterEach(() => h.stop());

  // A burst of undeliverable alerts (a revoked Slack token during a storm of failures) must not grow Redis without bound.
  it('failed jobs are capped by count as well as by age, on every queue', () => {
    const bot = h.addBot();
    const queues = bot.allQueues();
    expect(queues.map((q) => q.name).sort()).toEqual(['notify-email', 'notify-slack', 'page']);
    for (const queue of queues) {
      const removeOnFail = queue.defaultJobOptions.removeOnFail;
      expect({ queue: queue.name, removeOnFail }).toEqual({ queue: queue.name, removeOnFail: { age: expect.any(Number), count: expect.any(Number) } });
      if (typeof removeOnFail === 'object') expect(removeOnFail.count).toBeLessThanOrEqual(10_000);
    }
  });
});
