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
  // English keeps its singular ("1 failed poll"), which one catalogue text per key cannot say.
  if (language !== 'en') return describeNoticeFromCatalogue(notice, since, language);
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

function describeNoticeFromCatalogue(notice: HealthNotice, since: string, language: Language): NoticeText {
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
