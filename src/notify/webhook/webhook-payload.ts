import { accountTag } from '../../domain/account-scope';
import type { HealthNotice } from '../../domain/health-notice';
import type { JsonValue } from '../../domain/execution';
import type { Transition } from '../../domain/transition';
import { formatDurationIn, type Language, t } from '../../i18n/messages';
import { formatInstant } from '../../domain/api-time';
import { buildAlertFacts, oncallLines } from '../alert-facts';
import { webhookDeliveryId } from './webhook-signature';

/** The execution as the API serves it (snake_case, raw times), so a receiver can use its own iFlyRPA code on it. */
export interface WebhookExecution {
  id: string;
  project_id: string;
  status: string;
  parameters: JsonValue;
  result: JsonValue;
  error: string | null;
  exec_position: string | null;
  version: number | null;
  user_id: string | null;
  start_time: string | null;
  end_time: string | null;
}

export interface WebhookPayload {
  event: string;
  delivery_id: string;
  /** The config file's account; null for the one account of IFLYRPA_API_KEY. */
  account: string | null;
  workflow: { id: string; name: string | null } | null;
  execution: WebhookExecution | null;
  detected_at: string;
  text: string;
  test: boolean;
  /** Notices only: what the bot says about itself. */
  notice?: { incident_id: string; cause: string; since: string; failures: number };
}

export interface WebhookPayloadContext {
  channel: string;
  language: Language;
  timeZone: string;
  workflowLabel?: (projectId: string) => string;
  account?: string;
}

/** Longest first line of an error or result message the one-line text quotes. */
const SUMMARY_DETAIL_CHARS = 200;

export function buildWebhookPayload(transition: Transition, context: WebhookPayloadContext, options: { test?: boolean } = {}): WebhookPayload {
  const e = transition.execution;
  const test = options.test ?? false;
  const facts = buildAlertFacts(transition, context.timeZone, { test, workflowLabel: context.workflowLabel, language: context.language });
  const headline = t(context.language, 'alert.headline', { icon: facts.icon, test: test ? t(context.language, 'alert.test_mark') : '', status: facts.statusText, workflow: facts.workflow });
  const detail = facts.error ?? facts.result?.msg ?? null;
  const parts = [headline, ...oncallLines(facts), `${t(context.language, 'label.execution')} ${facts.shortId}`, ...(detail ? [`${t(context.language, facts.error ? 'label.error' : 'label.result')}: ${firstLine(detail)}`] : [])];
  return {
    event: `execution.${e.status.toLowerCase()}`,
    // A test send must not be taken by the receiver for the real alert of the same run.
    delivery_id: webhookDeliveryId(context.channel, `${test ? 'test:' : ''}${e.id}`, e.status),
    account: context.account ?? transition.account ?? null,
    workflow: { id: e.projectId, name: nameFromLabel(e.projectId, context.workflowLabel ? context.workflowLabel(e.projectId) : e.projectId) },
    execution: {
      id: e.id,
      project_id: e.projectId,
      status: e.status,
      parameters: e.parameters,
      result: e.result,
      error: e.error,
      exec_position: e.execPosition,
      version: e.version,
      user_id: e.userId,
      start_time: e.startTime,
      end_time: e.endTime,
    },
    detected_at: new Date(transition.detectedAt).toISOString(),
    text: oneLine(parts.join(' · ')),
    test,
  };
}

export function buildWebhookNoticePayload(notice: HealthNotice, context: WebhookPayloadContext): WebhookPayload {
  const { language } = context;
  const since = formatInstant(notice.since, context.timeZone);
  const title =
    notice.kind === 'unreachable'
      ? `🚨 ${accountTag(notice)}${t(language, 'notice.unreachable.title', { cause: notice.cause })}`
      : `✅ ${accountTag(notice)}${t(language, 'notice.recovered.title')} · ${t(language, 'notice.recovered.body', { duration: formatDurationIn(language, Math.max(0, notice.at - notice.since)), since, cause: notice.cause })}`;
  return {
    event: `notice.${notice.kind}`,
    delivery_id: webhookDeliveryId(context.channel, `notice:${notice.incidentId}`, notice.kind),
    account: context.account ?? notice.account ?? null,
    workflow: null,
    execution: null,
    detected_at: new Date(notice.at).toISOString(),
    text: oneLine(title),
    test: false,
    notice: { incident_id: notice.incidentId, cause: notice.cause, since: new Date(notice.since).toISOString(), failures: notice.failures },
  };
}

/** The label is `name (id)` when the workflow has a name, else the id alone. */
function nameFromLabel(projectId: string, label: string): string | null {
  const suffix = ` (${projectId})`;
  return label.endsWith(suffix) && label.length > suffix.length ? label.slice(0, -suffix.length) : null;
}

function firstLine(text: string): string {
  const line = text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '';
  const chars = [...line.trim()];
  return chars.length > SUMMARY_DETAIL_CHARS ? `${chars.slice(0, SUMMARY_DETAIL_CHARS).join('')}…` : chars.join('');
}

/** One line whatever the API put in names and causes: newlines and other control characters become spaces. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/ {2,}/g, ' ').trim();
}
