import type { Transition } from '../domain/transition';

/**
 * What a failing streak's Slack root says once edited: still failing (count, since, latest), or recovered.
 * Pure data: the channel's builder turns it into text in its language.
 */
export type RootView =
  | { kind: 'failing'; count: number; since: number; latestAt: number; /** Slack user id of who acknowledged this streak (Ack button). */ ackedBy?: string }
  | { kind: 'recovered'; failures: number; since: number; durationMs: number; at: number };

/** The part an alert plays in its streak's thread. */
export type ThreadRole = { kind: 'plain' } | { kind: 'failure'; streakId: string } | { kind: 'recovery'; streakId: string };

/** A streak's thread in one channel, as kept in Redis (see ThreadStore). */
export interface ThreadRecord {
  /** The root's Slack ts, once posted. */
  ts?: string;
  /** The delivery ("<execution id>|<status>") that claimed the right to post the root, and when (ms). */
  claimBy?: string;
  claimAt?: number;
  /** The delivery whose message is the root. */
  rootBy?: string;
  /** Deliveries already posted in the thread: "<execution id>|<status>" -> their ts. */
  replies: Record<string, string>;
  /** Set by the run that ended the streak, before it edits the root. */
  recovered?: Extract<RootView, { kind: 'recovered' }>;
  /** The view the root was last edited to (viewKey), written after Slack accepted the edit. */
  lastEdit?: string;
}

/** What a delivery does next in its streak's thread. */
export type ThreadStep =
  /** Its message is in Slack already (a retry after the post): only the root edit may be left. */
  | { kind: 'edit'; ts: string }
  | { kind: 'reply'; ts: string; broadcast: boolean }
  /** No root yet: try to claim the right to post it (atomically, in Redis). */
  | { kind: 'claim' }
  /** Another delivery claimed the root moments ago and is posting it. */
  | { kind: 'wait' }
  /** No thread to go in (a recovery whose streak never got a root, a failure of a streak already over): post top-level. */
  | { kind: 'plain' };

/** Failures of an open streak and the run that ends one go in threads; everything else (STUCK, a success outside a streak, a test) as before. */
export function threadRoleOf(transition: Pick<Transition, 'execution' | 'streak'>): ThreadRole {
  const { status } = transition.execution;
  const streak = transition.streak;
  if (streak?.id === undefined) return { kind: 'plain' };
  if (status === 'FAILED' && (streak.kind === 'opened' || streak.kind === 'continued')) return { kind: 'failure', streakId: streak.id };
  if (status === 'COMPLETED' && streak.kind === 'recovered') return { kind: 'recovery', streakId: streak.id };
  return { kind: 'plain' };
}

/**
 * The next step of delivery `member` ("<execution id>|<status>"). A claim older than `leaseMs` is
 * taken to belong to a delivery that died before posting: it may be claimed again.
 */
export function nextThreadStep(role: Exclude<ThreadRole, { kind: 'plain' }>, record: ThreadRecord, member: string, now: number, leaseMs: number): ThreadStep {
  const mine = record.replies[member] ?? (record.rootBy === member ? record.ts : undefined);
  if (mine !== undefined && record.ts !== undefined) return { kind: 'edit', ts: record.ts };
  if (record.ts !== undefined) return { kind: 'reply', ts: record.ts, broadcast: role.kind === 'recovery' };
  const claimedByOther = record.claimBy !== undefined && record.claimBy !== member && now - (record.claimAt ?? 0) < leaseMs;
  if (claimedByOther) return { kind: 'wait' };
  if (role.kind === 'recovery' || record.recovered !== undefined) return { kind: 'plain' };
  return { kind: 'claim' };
}

/**
 * What the root should say now: recovered once the ending run said so, else the streak's count as
 * Redis holds it while that streak (same id) is still the open one; undefined when neither holds (the
 * streak closed quietly by age, or its recovery is not delivered yet): the root is then left alone.
 */
export function rootViewOf(record: ThreadRecord, streak: { failing: boolean; count: number; since: number; latestAt: number; id?: string } | undefined, streakId: string): RootView | undefined {
  if (record.recovered) return record.recovered;
  if (streak?.failing && streak.id === streakId) return { kind: 'failing', count: streak.count, since: streak.since, latestAt: streak.latestAt };
  return undefined;
}

export const viewKey = (view: RootView): string =>
  view.kind === 'failing' ? `failing:${view.count}:${view.since}:${view.latestAt}:${view.ackedBy ?? ''}` : `recovered:${view.failures}:${view.since}:${view.durationMs}:${view.at}`;

/**
 * Whether to edit the root to `view`. Not when it already shows it (lastEdit), nor for a streak of one
 * failure whose root was never edited: that root is the first alert itself and says all there is.
 * Every delivery that edits reads the view again afterwards and edits again if it changed meanwhile
 * (see StreakThreads), so skipping what the last edit showed cannot leave a stale count behind.
 */
export function shouldEditRoot(view: RootView | undefined, lastEdit: string | undefined): view is RootView {
  if (view === undefined) return false;
  if (lastEdit === viewKey(view)) return false;
  return !(lastEdit === undefined && view.kind === 'failing' && view.count <= 1);
}
