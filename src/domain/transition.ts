import type { Execution } from './execution';

/** Why a status change is news: it left PENDING under our eyes, or it started and ended between two polls. */
export type TransitionKind = 'pendingEnded' | 'firstSeenTerminal';

export interface Transition {
  kind: TransitionKind;
  /** When the bot saw the change (ms since epoch): the digest period it belongs to. */
  detectedAt: number;
  execution: Execution;
  /** What this run did to its workflow's failing streak (FAILED and COMPLETED runs, once applied; see StreakStore). */
  streak?: TransitionStreak;
  /** How often this FAILED run's error (by fingerprint) was seen in the last 24 h, this run included (see ErrorCounts). */
  sameError?: TransitionSameError;
  /** The mute that kept this alert from the immediate channels (set for digests only): a mute's id, or a maintenance window's label. */
  muted?: { id: string; kind?: 'mute' | 'maintenance' };
  /** A FAILED/COMPLETED run that had got a STUCK alert while it ran (see StuckRuns). */
  reportedStuck?: boolean;
  /** The config file's account the run belongs to (absent: the one account of IFLYRPA_API_KEY); routes match it. */
  account?: string;
  /** Texts name the account (the bot watches more than one). */
  showAccount?: boolean;
}

/** `runs` failed runs with this error fingerprint since `since` (ms, the oldest of them), in `workflows` workflows. */
export interface TransitionSameError {
  fingerprint: string;
  runs: number;
  since: number;
  workflows: number;
}

/** A streak effect as an alert carries it: opened, continued (count, since), recovered (failures, since, durationMs), none. */
export interface TransitionStreak {
  kind: 'opened' | 'continued' | 'recovered' | 'none';
  count?: number;
  failures?: number;
  since?: number;
  durationMs?: number;
  /** Names the streak (the execution id that opened it): a Slack thread is kept per streak. */
  id?: string;
  /** The order the run was applied in its workflow (grows with each run): a PagerDuty event older than one sent is not sent. */
  seq?: number;
}

/** The deduplication identity of one alert: each (execution, status) is alerted at most once. */
export const transitionKey = (t: { execution: { id: string; status: string } }): string => `${t.execution.id}|${t.execution.status}`;
