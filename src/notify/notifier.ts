import type { HealthNotice } from '../domain/health-notice';
import type { Transition } from '../domain/transition';

export type ChannelName = 'slack' | 'email';

/** One delivery channel. `send` throws a NotifyError saying whether a retry can help. */
export interface Notifier {
  readonly channel: ChannelName;
  send(transition: Transition, options?: { test?: boolean }): Promise<void>;
  /** A notice about the bot itself (iFlyRPA unreachable / recovered). */
  sendNotice(notice: HealthNotice): Promise<void>;
  close?(): Promise<void>;
}
