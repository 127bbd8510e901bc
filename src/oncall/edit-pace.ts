import { setTimeout as delay } from 'node:timers/promises';

/** A channel's pace as seen by the edits of thread roots: true when a token was taken, false when none came in time. */
export type EditPace = () => Promise<boolean>;

/** How long an edit waits for a token before it is deferred: two tokens' time at Slack's pace. */
export const EDIT_TOKEN_WAIT_MS = 2_000;

export interface AwaitTokenDeps {
  /** One try: 0 when a token was taken, else ms until one frees (FloodControl.take). */
  take: () => Promise<number>;
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<unknown>;
}

/**
 * Tries for a token until one is taken or the next one would come past the bounded wait. A small jitter
 * keeps the workers that wait on one channel from all waking for the same token.
 */
export async function awaitToken(deps: AwaitTokenDeps): Promise<boolean> {
  const now = deps.now ?? Date.now;
  const sleep = deps.sleep ?? delay;
  const deadline = now() + (deps.maxWaitMs ?? EDIT_TOKEN_WAIT_MS);
  for (;;) {
    const waitMs = await deps.take();
    if (waitMs <= 0) return true;
    if (now() + waitMs > deadline) return false;
    await sleep(waitMs + Math.floor(Math.random() * Math.min(100, waitMs)));
  }
}
