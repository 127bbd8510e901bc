import { accountTag } from '../domain/account-scope';
import { formatInstant } from '../domain/api-time';
import type { JsonValue } from '../domain/execution';
import type { Transition } from '../domain/transition';
import { formatDurationIn, type Language, statusText, t } from '../i18n/messages';
import { describeRecovered, describeSameError, describeStuck } from './oncall-lines';

/** The facts every alert shows, in the words people read, whatever the channel. */
export interface AlertFacts {
  status: string;
  /** The status in the channel's language (`失败`). */
  statusText: string;
  language: Language;
  icon: string;
  workflow: string;
  executionId: string;
  shortId: string;
  version: string;
  start: string;
  end: string;
  duration: string;
  execPosition: string;
  parameters: string | null;
  error: string | null;
  result: { msg: string | null; data: string | null; videoPath: string | null; other: string | null } | null;
  why: string;
  test: boolean;
  /** COMPLETED that ends a failing streak: `recovered after 5 failed runs since 09:12 (35m 0s)`. */
  recovered: string | null;
  /** FAILED whose error was seen in 2+ runs in 24 h: `same error in 14 runs since 09:12, 3 workflows`. */
  sameError: string | null;
  /** STUCK: `still running after 2h 03m`; a run that ended after one: `had been reported stuck`. */
  stuck: string | null;
}

/** The on-call lines present (recovered, same error), in the order builders show them. */
export const oncallLines = (facts: Pick<AlertFacts, 'recovered' | 'sameError'> & Partial<Pick<AlertFacts, 'stuck'>>): string[] =>
  [facts.stuck ?? null, facts.recovered, facts.sameError].filter((line): line is string => line !== null);

const ICONS: Record<string, string> = { FAILED: '❌', COMPLETED: '✅', STUCK: '⏳' };

export function buildAlertFacts(transition: Transition, timeZone: string, options: { test?: boolean; workflowLabel?: (projectId: string) => string; language?: Language } = {}): AlertFacts {
  const e = transition.execution;
  const language = options.language ?? 'en';
  return {
    status: e.status,
    statusText: statusText(language, e.status),
    language,
    icon: ICONS[e.status] ?? 'ℹ️',
    // With several accounts every text names the run's: `[finance] 订单同步 (2008381617971200000)`.
    workflow: accountTag(transition) + (options.workflowLabel ? options.workflowLabel(e.projectId) : e.projectId),
    executionId: e.id,
    shortId: e.id.slice(0, 8),
    version: e.version === null ? '—' : String(e.version),
    start: e.startMs === null ? (e.startTime ?? '—') : formatInstant(e.startMs, timeZone),
    end: e.endMs === null ? (e.endTime ?? '—') : formatInstant(e.endMs, timeZone),
    duration: describeDuration(e.startMs, e.endMs, language),
    execPosition: e.execPosition ?? '—',
    parameters: isEmpty(e.parameters) ? null : renderValue(e.parameters),
    error: e.status === 'COMPLETED' ? null : (e.error ?? (e.status === 'FAILED' ? t(language, 'alert.no_error_text') : null)),
    result: e.status === 'FAILED' || e.result === null ? null : describeResult(e.result),
    why: t(language, transition.kind === 'pendingEnded' ? 'alert.why.pendingEnded' : 'alert.why.firstSeenTerminal'),
    test: options.test ?? false,
    recovered: describeRecovered(transition, timeZone, language),
    sameError: describeSameError(transition, timeZone, language),
    stuck: describeStuck(transition, language),
  };
}

/** A negative duration means the time zones are misconfigured: show that, never a negative number. */
function describeDuration(startMs: number | null, endMs: number | null, language: Language): string {
  if (startMs === null || endMs === null) return '—';
  const ms = endMs - startMs;
  if (ms < 0) return t(language, 'alert.negative_duration');
  return formatDurationIn(language, ms);
}

function describeResult(result: JsonValue): AlertFacts['result'] {
  if (typeof result !== 'object' || result === null || Array.isArray(result)) {
    return { msg: null, data: null, videoPath: null, other: renderValue(result) };
  }
  const { msg, data, video_path: videoPath, code: _code, ...rest } = result;
  return {
    msg: msg === undefined || msg === null ? null : renderValue(msg),
    data: data === undefined || data === null ? null : renderValue(data),
    videoPath: typeof videoPath === 'string' ? videoPath : null,
    other: Object.keys(rest).length > 0 ? renderValue(rest) : null,
  };
}

export function renderValue(value: JsonValue): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function isEmpty(value: JsonValue): boolean {
  if (value === null || value === '') return true;
  if (Array.isArray(value)) return value.length === 0;
  return typeof value === 'object' && Object.keys(value).length === 0;
}
