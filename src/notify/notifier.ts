import type { HealthNotice } from '../domain/health-notice';
import type { Transition } from '../domain/transition';

/** A channel's name: `slack` and `email` for the ones the environment configures, any name from the config file. */
export type ChannelName = string;

/** One delivery channel. `send` throws a NotifyError saying whether a retry can help. */
export interface Notifier {
  readonly channel: ChannelName;
  send(transition: Transition, options?: { test?: boolean }): Promise<void>;
  /** A notice about the bot itself (iFlyRPA unreachable / recovered). */
  sendNotice(notice: HealthNotice): Promise<void>;
  /**
   * Several alerts as one grouped message (flood control): each named once, failures first. `remaining`:
   * how many more still wait for a later message. Types without it send a burst one by one at their pace.
   */
  sendGroup?(transitions: Transition[], context: { remaining: number }): Promise<void>;
  close?(): Promise<void>;
}
