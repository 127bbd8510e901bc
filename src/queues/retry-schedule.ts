/** Delay before retry number `attempt` (1-based): exponential from `baseMs`, capped, with ±20% jitter. */
export function retryDelayMs(attempt: number, options: { baseMs: number; capMs: number; random?: () => number }): number {
  const exponential = Math.min(options.capMs, options.baseMs * 2 ** Math.max(0, attempt - 1));
  const jitter = 0.8 + 0.4 * (options.random ?? Math.random)();
  return Math.round(exponential * jitter);
}

/** How many attempts keep a delivery retrying for about `retryForMs` with that schedule (without jitter). */
export function attemptsFor(retryForMs: number, options: { baseMs: number; capMs: number }): number {
  let total = 0;
  let attempts = 1;
  while (total < retryForMs && attempts < 1000) {
    total += Math.min(options.capMs, options.baseMs * 2 ** (attempts - 1));
    attempts++;
  }
  return attempts;
}

export const NOTIFY_BACKOFF = { baseMs: 5_000, capMs: 15 * 60_000 };
