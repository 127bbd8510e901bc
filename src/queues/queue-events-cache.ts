import { QueueEvents } from 'bullmq';
import type { QueueContext } from './queue-connection';

/** One QueueEvents listener per queue, opened on first use (waiting for jobs to finish needs one). */
export class QueueEventsCache {
  private readonly events = new Map<string, QueueEvents>();

  constructor(
    private readonly context: QueueContext,
    private readonly onError: (error: Error) => void,
  ) {}

  async for(queueName: string): Promise<QueueEvents> {
    let events = this.events.get(queueName);
    if (!events) {
      events = new QueueEvents(queueName, { connection: this.context.connection, prefix: this.context.prefix });
      events.on('error', this.onError);
      this.events.set(queueName, events);
      await events.waitUntilReady();
    }
    return events;
  }

  async close(): Promise<void> {
    await Promise.all([...this.events.values()].map((e) => e.close()));
  }
}
