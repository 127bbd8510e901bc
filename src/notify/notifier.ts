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
  close?(): Promise<void>;
}
