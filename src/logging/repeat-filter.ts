/**
 * Lets the same message through once per window: a Redis or network outage makes every client
 * report the same error on each reconnect attempt, and one line says it.
 */
export function createRepeatFilter(windowMs: number, now: () => number = Date.now): (message: string) => boolean {
  const lastLogged = new Map<string, number>();
  return (message) => {
    const at = now();
    const last = lastLogged.get(message);
    if (last !== undefined && at - last < windowMs) return false;
    lastLogged.set(message, at);
    if (lastLogged.size > 1000) lastLogged.clear();
    return true;
  };
}
