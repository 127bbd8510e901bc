import { createHash } from 'node:crypto';
import { formatInstant } from '../../domain/api-time';
import type { HealthNotice } from '../../domain/health-notice';
import type { Transition } from '../../domain/transition';
import { type Language, t } from '../../i18n/messages';
import { type AlertFacts, buildAlertFacts } from '../alert-facts';
import { describeNotice } from '../notice-text';
import { fitText, oneLine } from '../text';

/** https://developer.pagerduty.com/docs/events-api-v2/trigger-events/: summary up to 1,024 characters, dedup_key up to 255. */
export const PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, source: 255, detail: 1024 } as const;

export type PagerDutySeverity = 'critical' | 'error' | 'warning' | 'info';

export interface PagerDutyPayload {
  summary: string;
  source: string;
  severity: PagerDutySeverity;
  timestamp: string;
  custom_details: Record<string, string>;
}

/** An Events API v2 event without its routing key: the sender adds that secret at the last moment. */
export interface PagerDutyEvent {
  event_action: 'trigger' | 'resolve';
  dedup_key: string;
  payload?: PagerDutyPayload;
}

export interface PagerDutyEventOptions {
  displayTimeZone: string;
  language: Language;
  workflowLabel?: (projectId: string) => string;
  test?: boolean;
  /** Which iFlyRPA account the workflow belongs to (`default` until several accounts exist). */
  account?: string;
  /** The run had been reported STUCK: its end resolves that incident too. */
  reportedStuck?: boolean;
}

/** One incident per account and workflow: repeated failures of a streak stay one incident. */
export const workflowDedupKey = (account: string, projectId: string): string => dedupKey(`rpa-notify:${account}:${projectId}`);
/** A stuck run is its own incident, resolved when the run ends. */
export const stuckDedupKey = (account: string, executionId: string): string => dedupKey(`rpa-notify:${account}:${executionId}:stuck`);

/**
 * What PagerDuty is told about one alert: it pages for incidents, not runs. A FAILED run that opens or
 * continues its workflow's streak triggers (one dedup_key per workflow); the COMPLETED run that ends
 * the streak resolves; a STUCK run triggers its own incident. Anything else sends nothing ([]).
 * A FAILED run with no streak known (a test, a job from before streaks) triggers: a failure is never lost.
 */
export function buildPagerDutyEvents(transition: Transition, options: PagerDutyEventOptions): PagerDutyEvent[] {
  const e = transition.execution;
  const account = options.account ?? 'default';
  // A test pages on a key of its own, which the test's COMPLETED sample resolves: no real incident is touched.
  const key = workflowDedupKey(account, options.test ? `${e.projectId}:test` : e.projectId);
  const events: PagerDutyEvent[] = [];
  if (options.reportedStuck && e.status !== 'STUCK') events.push({ event_action: 'resolve', dedup_key: stuckDedupKey(account, e.id) });
  const streak = transition.streak;

  if (e.status === 'FAILED') {
    // `none`: a late failure after a newer success; the workflow is not failing.
    if (!options.test && streak?.kind === 'none') return events;
    events.push({ event_action: 'trigger', dedup_key: key, payload: payloadOf(transition, 'critical', options) });
  } else if (e.status === 'COMPLETED') {
    if (options.test || streak?.kind === 'recovered') events.push({ event_action: 'resolve', dedup_key: key });
  } else if (e.status === 'STUCK') {
    events.push({ event_action: 'trigger', dedup_key: stuckDedupKey(account, options.test ? `${e.id}:test` : e.id), payload: payloadOf(transition, 'warning', options) });
  }
  return events;
}

/**
 * Where an event stands among the events of its dedup_key: a stuck run's incident is triggered (1) before
 * its end resolves it (2); a workflow's follows the order its runs were applied to the streak. Undefined
 * when unknown (no streak number): such an event is sent as it comes.
 */
export function eventSeq(event: PagerDutyEvent, transition: Transition): number | undefined {
  if (event.dedup_key === stuckDedupKey(transition.account ?? 'default', transition.execution.id)) return event.event_action === 'trigger' ? 1 : 2;
  return transition.streak?.seq;
}

function payloadOf(transition: Transition, severity: PagerDutySeverity, options: PagerDutyEventOptions): PagerDutyPayload {
  const language = options.language;
  const facts = buildAlertFacts(transition, options.displayTimeZone, { test: options.test, workflowLabel: options.workflowLabel, language });
  const streak = transition.streak;
  const failing = streak?.kind === 'continued' && streak.count !== undefined && streak.since !== undefined;
  const since = failing ? formatInstant(streak.since!, options.displayTimeZone) : '';
  const params = {
    icon: facts.status === 'STUCK' ? '⏳' : facts.icon,
    test: facts.test ? t(language, 'alert.test_mark') : '',
    workflow: facts.workflow,
    shortId: facts.shortId,
    error: firstLine(facts.error ?? ''),
    start: facts.start,
    count: streak?.count ?? 1,
    since,
  };
  const summary =
    facts.status === 'STUCK' ? t(language, 'pagerduty.summary.stuck', params) : failing ? t(language, 'pagerduty.summary.failing', params) : t(language, 'pagerduty.summary.failed', params);
  const at = transition.execution.status === 'STUCK' ? transition.detectedAt : (transition.execution.endMs ?? transition.detectedAt);
  return {
    summary: fitText(oneLine(summary), PAGERDUTY_LIMITS.summary),
    source: fitText(oneLine(facts.workflow), PAGERDUTY_LIMITS.source),
    severity,
    timestamp: new Date(at).toISOString(),
    custom_details: details(facts, failing ? t(language, 'pagerduty.detail.streak', params) : null, options.account ?? 'default'),
  };
}

/** Each value cut to its limit with the visible marker: an event stays small whatever the API text. */
function details(facts: AlertFacts, streak: string | null, account: string): Record<string, string> {
  const all: Record<string, string | null> = {
    workflow: facts.workflow,
    status: facts.statusText,
    execution_id: facts.executionId,
    error: facts.error,
    failing_streak: streak,
    same_error: facts.sameError,
    // Null on every trigger today: a recovery resolves, and a resolve carries no details.
    recovered: facts.recovered,
    start: facts.start,
    end: facts.end,
    duration: facts.duration,
    exec_position: facts.execPosition,
    version: facts.version,
    parameters: facts.parameters,
    result: facts.result ? [facts.result.msg, facts.result.data, facts.result.other].filter((v) => v !== null).join('\n') || null : null,
    why: facts.why,
    account,
  };
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(all)) if (value !== null && value !== '') out[name] = fitText(value, PAGERDUTY_LIMITS.detail);
  return out;
}

/** iFlyRPA unreachable is an incident of its own: triggered once per outage, resolved when polling works again. */
export function buildPagerDutyNoticeEvent(notice: HealthNotice, displayTimeZone: string, account = 'default'): PagerDutyEvent {
  const key = dedupKey(`rpa-notify:${account}:iflyrpa-unreachable:${notice.incidentId}`);
  if (notice.kind === 'recovered') return { event_action: 'resolve', dedup_key: key };
  const text = describeNotice(notice, displayTimeZone);
  return {
    event_action: 'trigger',
    dedup_key: key,
    payload: {
      summary: fitText(oneLine(`${text.icon} ${text.title}`), PAGERDUTY_LIMITS.summary),
      source: 'rpa-notify',
      severity: 'error',
      timestamp: new Date(notice.at).toISOString(),
      custom_details: { details: fitText(text.body, PAGERDUTY_LIMITS.detail), account },
    },
  };
}

const firstLine = (text: string): string => text.split(/\r?\n/).find((line) => line.trim() !== '')?.trim() ?? '';

/** Past PagerDuty's 255 characters the key keeps its start and ends with a hash of the whole, so keys stay distinct. */
function dedupKey(key: string): string {
  if (key.length <= PAGERDUTY_LIMITS.dedupKey) return key;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 32);
  return `${key.slice(0, PAGERDUTY_LIMITS.dedupKey - hash.length - 1)}:${hash}`;
}
