import type { HealthNotice } from '../domain/health-notice';
import type { Transition } from '../domain/transition';
import type { StreakThreadOps } from './streak-thread-ops';

/** A channel's name: `slack` and `email` for the ones the environment configures, any name from the config file. */
export type ChannelName = string;

/** What the channel gave back for a message: `ref` names it there (a Slack `ts`), for replies and edits. */
export interface SendReceipt {
  ref?: string;
}

/** Keeps the events of one key (a PagerDuty dedup_key) in the order they happened, across workers and processes. */
export interface SendOrder {
  /**
   * Sends unless a newer event of the other action was sent for `key` ('stale': skipped); first waits
   * while an older event of the other action is in flight. `seq` orders the events of one key.
   */
  run(key: string, seq: number, action: string, send: () => Promise<void>): Promise<'sent' | 'stale'>;
}

/** One delivery channel. `send` throws a NotifyError saying whether a retry can help. */
export interface Notifier {
  readonly channel: ChannelName;
  send(transition: Transition, options?: { test?: boolean; order?: SendOrder }): Promise<SendReceipt | void>;
  /** A notice about the bot itself (iFlyRPA unreachable / recovered). */
  sendNotice(notice: HealthNotice): Promise<void>;
  /**
   * Several alerts as one grouped message (flood control): each named once, failures first. `remaining`:
   * how many more still wait for a later message. Types without it send a burst one by one at their pace.
   */
  sendGroup?(transitions: Transition[], context: { remaining: number }): Promise<void>;
  /** Most alerts one grouped message of this channel holds within its size limit (default 50). */
  readonly groupMax?: number;
  close?(): Promise<void>;
  /** Set when the channel keeps each failing streak in one thread (Slack with threads on); see StreakThreads. */
  readonly threads?: StreakThreadOps;
}
