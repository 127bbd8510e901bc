import type { Transition } from '../domain/transition';
import type { RootView } from '../oncall/streak-thread-plan';
import type { SendReceipt } from './notifier';

/**
 * What a channel that threads failing streaks can do besides `send` (which posts top-level, and so
 * posts roots). Errors are NotifyErrors; reason `thread_not_found` (reply) or `message_not_found`
 * (edit) says the root is gone (deleted in Slack).
 */
export interface StreakThreadOps {
  /** Posts the alert in the thread of `rootRef`; `broadcast` also shows it in the channel (the recovery). */
  reply(transition: Transition, rootRef: string, options: { broadcast: boolean }): Promise<SendReceipt>;
  /** Rewrites the root (first alert `rootTransition`) to say `view` on top. */
  editRoot(rootRef: string, rootTransition: Transition, view: RootView): Promise<void>;
}

/** The NotifyError reasons that mean the root message no longer exists. */
export const ROOT_GONE = new Set(['thread_not_found', 'message_not_found']);
