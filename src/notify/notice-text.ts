import { formatDuration } from '../config/duration';
import { formatInstant } from '../domain/api-time';
import type { HealthNotice } from '../domain/health-notice';

/** What a notice about the bot itself says, whatever the channel. */
export interface NoticeText {
  icon: string;
  title: string;
  body: string;
}

export function describeNotice(notice: HealthNotice, timeZone: string): NoticeText {
  const since = formatInstant(notice.since, timeZone);
  if (notice.kind === 'unreachable') {
    return {
      icon: '🚨',
      title: `iFlyRPA unreachable: ${notice.cause}`,
      body: `Polling has failed since ${since} (${notice.failures} failed poll${notice.failures === 1 ? '' : 's'} in a row). Execution alerts are delayed, not lost: they go out once polling works again.`,
    };
  }
  return {
    icon: '✅',
    title: 'iFlyRPA polling recovered',
    body: `Polling works again after ${formatDuration(Math.max(0, notice.at - notice.since))} of failures (since ${since}; last cause: ${notice.cause}). Alerts for what happened meanwhile follow.`,
  };
}
