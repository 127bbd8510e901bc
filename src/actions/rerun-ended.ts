import { t } from '../i18n/messages';
import { fitMrkdwn } from '../notify/text';
import type { ActionClaims, RerunWatches } from './action-stores';
import type { SlackResponder } from './slack-responder';

/** Room left for the error in a thread reply; the alert of the run (sent as usual) has it whole. */
const ERROR_CHARS = 500;

/** A run started by Re-run has ended: its origin's thread says so, once (its own alert goes out as any other). */
export async function reportRerunEnded(
  ended: { account: string; executionId: string; status: string; error: string | null },
  deps: { watches: RerunWatches; claims: ActionClaims; slack: SlackResponder; now: () => number },
): Promise<'told' | 'notARerun' | 'alreadyTold'> {
  const watch = await deps.watches.get(ended.account, ended.executionId);
  if (!watch) return 'notARerun';
  const claimed = await deps.claims.claim(`ended-${ended.status}`, ended.account, ended.executionId, { userId: 'rpa-notify', userName: 'rpa-notify', at: deps.now() });
  if (!claimed.claimed) return 'alreadyTold';
  const execution = `\`${ended.executionId}\``;
  const text =
    ended.status === 'COMPLETED'
      ? t(watch.language, 'action.rerun_succeeded', { execution })
      : t(watch.language, 'action.rerun_failed', { execution, error: ended.error ? ` — ${fitMrkdwn(ended.error, ERROR_CHARS, watch.language)}` : '' });
  try {
    await deps.slack.replyInThread(watch.channelId, watch.threadTs, text);
  } catch (error) {
    // Given back, so the job's retry can tell it.
    await deps.claims.release(`ended-${ended.status}`, ended.account, ended.executionId);
    throw error;
  }
  return 'told';
}
