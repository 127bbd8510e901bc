import type { RedisConnection } from '../state/redis-connection';
import type { StateStore } from '../state/state-store';

export interface Readiness {
  ready: boolean;
  redis: boolean;
  lastPollAgeMs: number | null;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timed out')), ms).unref())]);
}

/** Ready when Redis answers and some process polled successfully within `maxPollAgeMs`. */
export async function checkReadiness(redis: RedisConnection, store: Pick<StateStore, 'lastPollSuccess'>, now: number, maxPollAgeMs: number): Promise<Readiness> {
  let answers = false;
  let last: number | null = null;
  try {
    answers = (await withTimeout(redis.ping(), 2000)) === 'PONG';
    last = await withTimeout(store.lastPollSuccess(), 2000);
  } catch {
    answers = false;
  }
  const lastPollAgeMs = last === null ? null : now - last;
  return { ready: answers && lastPollAgeMs !== null && lastPollAgeMs <= maxPollAgeMs, redis: answers, lastPollAgeMs };
}
