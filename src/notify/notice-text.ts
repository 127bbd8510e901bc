import { accountTag } from '../domain/account-scope';
import { formatInstant } from '../domain/api-time';
import type { HealthNotice } from '../domain/health-notice';
import { formatDurationIn, type Language, t } from '../i18n/messages';

/** What a notice about the bot itself says, whatever the channel. */
export interface NoticeText {
  icon: string;
  title: string;
  body: string;
  /** The language the title and body are in, for the texts a channel adds around them (default en). */
  language?: Language;
}

export function describeNotice(notice: HealthNotice, timeZone: string, language: Language = 'en'): NoticeText {
  const since = formatInstant(notice.since, timeZone);
  if (notice.kind === 'unreachable') {
    return {
      icon: '🚨',
      title: accountTag(notice) + t(language, 'notice.unreachable.title', { cause: notice.cause }),
      body: t(language, notice.failures === 1 ? 'notice.unreachable.body_one' : 'notice.unreachable.body', { since, failures: notice.failures }),
      language,
    };
  }
  return {
    icon: '✅',
    title: accountTag(notice) + t(language, 'notice.recovered.title'),
    body: t(language, 'notice.recovered.body', { duration: formatDurationIn(language, Math.max(0, notice.at - notice.since)), since, cause: notice.cause }),
    language,
  };
}
