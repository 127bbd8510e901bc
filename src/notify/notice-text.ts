import { formatDuration } from '../config/duration';
import { formatInstant } from '../domain/api-time';
import type { HealthNotice } from '../domain/health-notice';
import { formatDurationIn, type Language, t } from '../i18n/messages';

/** What a notice about the bot itself says, whatever the channel. */
export interface NoticeText {
  icon: string;
  title: string;
  body: string;
}

export function describeNotice(notice: HealthNotice, timeZone: string, language: Language = 'en'): NoticeText {
  const since = formatInstant(notice.since, timeZone);
  // English keeps its singular "1 failed poll"; the catalogue words the other languages.
  if (language !== 'en') return describeNoticeIn(language, notice, since);
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

function describeNoticeIn(language: Language, notice: HealthNotice, since: string): NoticeText {
  if (notice.kind === 'unreachable') {
    return {
      icon: '🚨',
      title: t(language, 'notice.unreachable.title', { cause: notice.cause }),
      body: t(language, 'notice.unreachable.body', { since, failures: notice.failures }),
    };
  }
  return {
    icon: '✅',
    title: t(language, 'notice.recovered.title'),
    body: t(language, 'notice.recovered.body', { duration: formatDurationIn(language, Math.max(0, notice.at - notice.since)), since, cause: notice.cause }),
  };
}
