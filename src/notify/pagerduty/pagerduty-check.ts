import type { CheckLine } from '../channel-kind';
import { NotifyError } from '../notify-error';
import { type PagerDutyConfig, postEvent } from './pagerduty-notifier';

/**
 * The Events API has no "who am I": check resolves a key no incident has. PagerDuty takes that
 * (202) and changes nothing, so the routing key and the way there are proven without paging anyone.
 */
export async function checkPagerDuty(name: string, config: PagerDutyConfig): Promise<CheckLine> {
  const label = name === 'pagerduty' ? 'PagerDuty' : `PagerDuty channel "${name}"`;
  try {
    await postEvent(config, { event_action: 'resolve', dedup_key: 'rpa-notify:check' }, 10_000);
    return { ok: true, text: `✓ ${label}: routing key accepted by ${new URL(config.eventsUrl).host}` };
  } catch (error) {
    const failure = error instanceof NotifyError ? error : new NotifyError(String(error), false, 'unknown');
    const fix = failure.permanent ? ' (use the Integration Key of an Events API v2 integration: Service → Integrations)' : '';
    return { ok: false, text: `✗ ${label}: ${failure.message}${fix}` };
  }
}
