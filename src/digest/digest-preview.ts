import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { buildDigest } from '../domain/build-digest';
import { intervalSchedule } from '../domain/digest-schedule';
import type { Language } from '../i18n/messages';
import { buildDigestMessage } from '../notify/email/digest-message';
import { sampleDigestTransitions } from './sample-digest';

/** The digest of the last full hour of sample data, as the mail's HTML. */
export function renderDigestPreview(timeZone: string, now: number, language: Language = 'en'): { subject: string; html: string; text: string } {
  const schedule = intervalSchedule(3_600_000, timeZone);
  const end = schedule.prev(now);
  const start = end - 3_600_000;
  const digest = buildDigest(sampleDigestTransitions(start, end), { start, end }, { maxPerWorkflow: 25 });
  return buildDigestMessage(digest, timeZone, { language });
}

export async function writeDigestPreview(file: string, timeZone: string, now: number): Promise<string> {
  const { html } = renderDigestPreview(timeZone, now);
  const target = path.resolve(file);
  await writeFile(target, html);
  return target;
}
