import { en, type MessageKey } from './catalogue-en';
import { zhCN } from './catalogue-zh-cn';

export const LANGUAGES = ['en', 'zh-CN'] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey } from './catalogue-en';

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, 'zh-CN': zhCN };

/** The text of `key` in `language`, each `{name}` replaced by `params[name]`. */
export function t(language: Language, key: MessageKey, params: Record<string, string | number> = {}): string {
  return CATALOGUES[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/** A status in words (`FAILED` / `失败`); a status the docs do not list stays as served. */
export function statusText(language: Language, status: string): string {
  const key = `status.${status}` as MessageKey;
  return key in en ? t(language, key) : status;
}

/** `2m 3s`, or `2分3秒` in Chinese. */
export function formatDurationIn(language: Language, ms: number): string {
  if (ms < 1000) return t(language, 'duration.millis', { ms });
  const total = Math.round(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return t(language, 'duration.hms', { h, m, s });
  if (m > 0) return t(language, 'duration.ms', { m, s });
  return t(language, 'duration.s', { s });
}
