import type { RedisConnection } from '../state/redis-connection';
import type { Logger } from 'pino';
import type { EmailConfig } from '../config/config';
import { cronSchedule, type DigestSchedule, intervalSchedule } from '../domain/digest-schedule';
import type { Transition } from '../domain/transition';
import type { Language } from '../i18n/messages';
import type { MailSender } from '../notify/email/email-notifier';
import { DigestRunner } from './digest-runner';
import { DigestStore } from './digest-store';

export function scheduleOf(digest: EmailConfig['digest']): DigestSchedule {
  return digest.schedule.kind === 'cron' ? cronSchedule(digest.schedule.expression, digest.timeZone) : intervalSchedule(digest.schedule.intervalMs, digest.timeZone);
}

/**
 * The digest of one process: how transitions get into it, and (given a sender) the runner that sends
 * each period. Collecting never depends on the sender: whichever process detects a transition, the
 * digest of whichever process sends must hold it.
 */
export function createDigest(
  email: EmailConfig,
  deps: { redis: RedisConnection; prefix: string; sender?: MailSender; logger: Logger; owner: string; notifyStatuses: string[]; workflowLabel?: (projectId: string) => string; language?: Language },
): { runner: DigestRunner | undefined; collect: (transitions: Transition[]) => Promise<void> } {
  const store = new DigestStore(deps.redis, deps.prefix);
  const runner = deps.sender && new DigestRunner({
    store,
    schedule: scheduleOf(email.digest),
    sender: deps.sender,
    from: email.from,
    to: email.to,
    timeZone: email.digest.timeZone,
    sendEmpty: email.digest.sendEmpty,
    maxPerWorkflow: email.digest.maxPerWorkflow,
    workflowLabel: deps.workflowLabel,
    language: deps.language,
    logger: deps.logger,
    owner: deps.owner,
    graceMs: 5_000,
  });
  return { runner, collect: (transitions) => store.add(transitions.filter((t) => deps.notifyStatuses.includes(t.execution.status))) };
}
