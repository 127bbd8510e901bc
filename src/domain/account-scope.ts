/** The name of the one account of IFLYRPA_API_KEY in keys that take an account (streaks, same-error counts, PagerDuty). */
export const DEFAULT_ACCOUNT = 'default';

/** One iFlyRPA account as the bot watches it: where its state lives in Redis and how its alerts name it. */
export interface AccountScope {
  /** The file's name for it; undefined for the one account of IFLYRPA_API_KEY. */
  name: string | undefined;
  /** `name`, or `default`: the account in keys that already carry one. */
  label: string;
  /** Prefix of its own state (statuses, outbox, poll slot, backoff, health): KEY_PREFIX itself for the environment's account. */
  statePrefix: string;
  apiKey: string;
  baseUrl: string;
  /** Alerts name the account (there is more than one). */
  shown: boolean;
}

/**
 * The accounts to watch: the file's, each with its own state under `<KEY_PREFIX>:acct:<name>`, or else the
 * environment's one, whose state stays under KEY_PREFIX exactly as before accounts existed.
 */
export function accountScopes(keyPrefix: string, env: { key: string; baseUrl: string }, accounts?: readonly { name: string; apiKey: string; baseUrl?: string }[]): AccountScope[] {
  if (!accounts || accounts.length === 0) {
    return [{ name: undefined, label: DEFAULT_ACCOUNT, statePrefix: keyPrefix, apiKey: env.key, baseUrl: env.baseUrl, shown: false }];
  }
  const shown = accounts.length > 1;
  return accounts.map((a) => ({ name: a.name, label: a.name, statePrefix: `${keyPrefix}:acct:${a.name}`, apiKey: a.apiKey, baseUrl: a.baseUrl ?? env.baseUrl, shown }));
}

/** What an alert or notice puts before the workflow or title: `[finance] ` when it names its account, else nothing. */
export function accountTag(subject: { account?: string; showAccount?: boolean }): string {
  return subject.account && subject.showAccount ? `[${subject.account}] ` : '';
}
