import { type Queue, QueueEvents } from 'bullmq';
import type { QueueContext } from './queue-connection';

/** One QueueEvents listener per queue, opened on first use (waiting for jobs to finish needs one). */
export class QueueEventsCache {
  private readonly events = new Map<string, QueueEvents>();

  constructor(
    private readonly context: QueueContext,
    private readonly onError: (error: Error) => void,
  ) {}

  async for(queue: Queue): Promise<QueueEvents> {
    let events = this.events.get(queue.name);
    if (events) return events;
    // Read from the stream's current end, not from '$': '$' counts from when the first XREAD reaches
    // Redis, after the caller's "already finished?" check, and a job finishing in between was never heard of.
    const [last] = await this.context.connection.xrevrange(queue.keys.events ?? `${this.context.prefix}:${queue.name}:events`, '+', '-', 'COUNT', 1);
    const meanwhile = this.events.get(queue.name);
    if (meanwhile) return meanwhile;
    events = new QueueEvents(queue.name, { connection: this.context.connection, prefix: this.context.prefix, lastEventId: last?.[0] ?? '0-0' });
    events.on('error', this.onError);
    this.events.set(queue.name, events);
    await events.waitUntilReady();
    return events;
  }

  async close(): Promise<void> {
    await Promise.all([...this.events.values()].map((e) => e.close()));
  }
}
