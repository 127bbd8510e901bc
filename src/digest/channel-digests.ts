import type { RedisConnection } from '../state/redis-connection';
import type { Logger } from 'pino';
import type { EmailConfig } from '../config/config';
import type { Transition } from '../domain/transition';
import type { Channel } from '../notify/build-channels';
import type { MailSender } from '../notify/email/email-notifier';
import { createDigest } from './create-digest';
import type { DigestRunner } from './digest-runner';
import { DigestStore } from './digest-store';

/** Where a channel's digest lives: the environment's `email` channel keeps the keys it always had. */
export const digestKeyPrefix = (prefix: string, channel: string): string => (channel === 'email' ? prefix : `${prefix}:channel:${channel}`);

export interface ChannelDigestsDeps {
  redis: RedisConnection;
  prefix: string;
  logger: Logger;
  owner: string;
  /** Makes the sender of a channel's digests; without it this process only collects (poll-once), `run` sends. */
  senderFor?: (email: EmailConfig) => MailSender;
  workflowLabel?: (projectId: string) => string;
}

/** One digest per email channel that asks for one: entries collected per channel, each period sent once across processes. */
export class ChannelDigests {
  private readonly runners = new Map<string, { runner: DigestRunner; sender: MailSender; settings: string }>();
  private everyMs: number | undefined;

  constructor(private readonly deps: ChannelDigestsDeps) {}

  /**
   * Takes the digest channels of this set: a new one gets its runner, a changed one (recipients, sender,
   * schedule) a new runner once the old one has finished what it is sending. A channel a reload removed
   * keeps its runner, so what it collected is still sent.
   */
  apply(channels: readonly Channel[]): void {
    if (!this.deps.senderFor) return;
    for (const channel of channels) {
      if (!channel.digest) continue;
      const settings = JSON.stringify([channel.digest, channel.statuses]);
      const previous = this.runners.get(channel.name);
      if (previous?.settings === settings) continue;
      if (previous) void previous.runner.stop().then(() => previous.sender.close());
      const sender = this.deps.senderFor(channel.digest);
      const { runner } = createDigest(channel.digest, {
        redis: this.deps.redis,
        prefix: digestKeyPrefix(this.deps.prefix, channel.name),
        sender,
        logger: this.deps.logger.child({ component: 'digest', channel: channel.name }),
        owner: this.deps.owner,
        notifyStatuses: channel.statuses,
        workflowLabel: this.deps.workflowLabel,
        language: channel.language,
      });
      if (!runner) continue;
      this.runners.set(channel.name, { runner, sender, settings });
      if (this.everyMs !== undefined) runner.start(this.everyMs);
    }
  }

  async collect(channel: string, transitions: Transition[]): Promise<void> {
    await new DigestStore(this.deps.redis, digestKeyPrefix(this.deps.prefix, channel)).add(transitions);
  }

  runner(channel: string): DigestRunner | undefined {
    return this.runners.get(channel)?.runner;
  }

  /** Sends every digest period that has closed, on every digest channel (poll-once's share; Redis keeps each period to one process). */
  async sendDue(now: () => number): Promise<{ sent: number; failed: boolean }> {
    let sent = 0;
    let failed = false;
    for (const { runner } of this.runners.values()) {
      for (let i = 0; i < 50; i++) {
        const outcome = await runner.tick(now());
        if (outcome === 'sent' || outcome === 'reduced') sent++;
        else if (outcome !== 'empty' && outcome !== 'dropped') {
          failed ||= outcome === 'failed';
          break;
        }
      }
    }
    return { sent, failed };
  }

  start(everyMs: number): void {
    this.everyMs = everyMs;
    for (const { runner } of this.runners.values()) runner.start(everyMs);
  }

  async stop(timeoutMs: number): Promise<void> {
    await Promise.all([...this.runners.values()].map(({ runner }) => runner.stop(timeoutMs)));
    for (const { sender } of this.runners.values()) sender.close();
  }
}
