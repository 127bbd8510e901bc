/** A notice about the bot itself: iFlyRPA stopped answering, or answers again. */
export interface HealthNotice {
  kind: 'unreachable' | 'recovered';
  /** One id per outage, shared by its two notices. */
  incidentId: string;
  /** The last failure's plain line, e.g. `iFlyRPA rejected the API key (HTTP 401)`. */
  cause: string;
  /** When the first failure of the outage was seen (ms). */
  since: number;
  at: number;
  failures: number;
  /** The config file's account whose polling fails (absent: the one account of IFLYRPA_API_KEY). */
  account?: string;
  /** Texts name the account (the bot watches more than one). */
  showAccount?: boolean;
}

/** Raise the alarm after `threshold` failed polls in a row, or at once when the key is rejected (no retry fixes that). */
export function shouldRaiseAlarm(state: { consecutiveFailures: number; threshold: number; authRejected: boolean }): boolean {
  return state.authRejected || state.consecutiveFailures >= state.threshold;
}
