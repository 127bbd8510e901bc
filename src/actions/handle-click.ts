import type { Logger } from 'pino';
import { IflyrpaApiError } from '../iflyrpa/api-error';
import type { IflyrpaClient } from '../iflyrpa/iflyrpa-client';
import { type Language, t } from '../i18n/messages';
import { fitMrkdwn } from '../notify/text';
import type { MuteStore } from '../oncall/mute-store';
import { ackLine, languageOf, muteLine, withStateLine } from './action-buttons';
import type { BlockLike, Click } from './action-payload';
import type { Transition } from '../domain/transition';
import type { AckStore, ActionClaims, AlertRecords, Claim, RerunWatches } from './action-stores';
import { decideClick, rerunParameters } from './decide-click';
import type { SlackResponder } from './slack-responder';

export const MUTE_FOR_MS = 2 * 3_600_000;
const MAX_REASON_CHARS = 500;

export type ClickOutcome = 'done' | 'already' | 'unknown' | 'notOurs' | 'notAllowed' | 'gone' | 'refused' | 'unclear' | 'badParameters';

export interface ClickDeps {
  alerts: AlertRecords;
  claims: ActionClaims;
  watches: RerunWatches;
  acks: AckStore;
  mutes: MuteStore;
  /** The API client of the click's account (undefined: the bot no longer watches it). */
  clientFor: (account: string) => Pick<IflyrpaClient, 'getExecution' | 'executeAsync'> | undefined;
  slack: SlackResponder;
  /** SLACK_ACTIONS_ALLOWED: user ids, or `*`. */
  allowed: readonly string[];
  timeZone: string;
  logger: Logger;
  now: () => number;
  /** The alert as the bot would post it now: what an edit starts from when the click carried no blocks. */
  render: (transition: Transition, language: Language) => { text: string; blocks: BlockLike[] };
}

/** One verified click: decide, claim it once, act, and say so where Slack shows it. */
export async function handleClick(click: Click, deps: ClickDeps): Promise<ClickOutcome> {
  const language = languageOf(click.messageBlocks);
  const say = (text: string) => deps.slack.tellClicker(click.responseUrl, text);
  const alert = click.kind === null ? undefined : await deps.alerts.get(click.account, click.executionId);
  const decision = decideClick(click, { alertKnown: alert !== undefined, allowed: deps.allowed });
  if (!decision.act) {
    const verb = click.kind === 'mute' ? 'action.verb.mute' : 'action.verb.rerun';
    const key = decision.refusal === 'unknown' ? 'action.unknown' : decision.refusal === 'notOurs' ? 'action.not_ours' : 'action.not_allowed';
    await say(t(language, key, { action: t(language, verb) }));
    return decision.refusal;
  }
  const kind = click.kind!;
  const claim: Claim = { userId: click.userId, userName: click.userName, at: deps.now() };
  const claimed = await deps.claims.claim(kind, click.account, click.executionId, claim);
  if (!claimed.claimed) {
    const result = claimed.by.result ? ` (${claimed.by.result})` : '';
    await say(t(language, 'action.already', { user: `<@${claimed.by.userId}>` }) + result);
    return 'already';
  }
  const projectId = alert!.execution.projectId;
  const where = { account: click.account, executionId: click.executionId, projectId, user: click.userId };
  if (kind === 'ack') {
    await deps.acks.acknowledge(click.account, projectId, claim);
    deps.logger.info(where, `execution ${click.executionId} acknowledged from Slack by @${click.userName}`);
    await showOnMessage(click, alert!, ackLine(claim, language), language, deps);
    return 'done';
  }
  if (kind === 'mute') {
    const until = deps.now() + MUTE_FOR_MS;
    const mute = await deps.mutes.add({ what: projectId, workflows: [projectId], until, who: `slack:@${click.userName}`, reason: `muted from Slack by @${click.userName}` });
    await deps.claims.settle(kind, click.account, click.executionId, { ...claim, result: mute.id });
    deps.logger.info({ ...where, muteId: mute.id }, `workflow ${projectId} muted for 2h from Slack by @${click.userName} (${mute.id})`);
    await showOnMessage(click, alert!, muteLine({ userId: click.userId, until }, language, deps.timeZone), language, deps);
    return 'done';
  }
  return rerun(click, language, claim, deps);
}

/** Starts the failed run again with what it ran with; a refusal gives the button back, an unclear answer keeps it. */
async function rerun(click: Click, language: Language, claim: Claim, deps: ClickDeps): Promise<ClickOutcome> {
  const say = (text: string) => deps.slack.tellClicker(click.responseUrl, text);
  const release = () => deps.claims.release('rerun', click.account, click.executionId);
  let newId: string;
  // Until the start request is sent, any failure certainly started nothing.
  let starting = false;
  const client = deps.clientFor(click.account);
  try {
    const execution = client ? await client.getExecution(click.executionId) : null;
    if (!client || execution === null) {
      await release();
      await say(t(language, 'action.gone', { execution: click.executionId }));
      return 'gone';
    }
    const parameters = rerunParameters(execution.parameters);
    if (!parameters.ok) {
      await release();
      await say(t(language, 'action.bad_parameters', { execution: click.executionId }));
      return 'badParameters';
    }
    starting = true;
    newId = await client.executeAsync({
      projectId: execution.projectId,
      execPosition: execution.execPosition ?? 'EXECUTOR',
      ...(parameters.params ? { params: parameters.params } : {}),
      ...(execution.version !== null ? { version: execution.version } : {}),
    });
  } catch (error) {
    const apiError = error instanceof IflyrpaApiError ? error : undefined;
    // An answer with a code (or a 4xx) means nothing started: the button may be pressed again.
    if (!starting || (apiError && (apiError.details.code !== undefined || apiError.reason === 'auth' || apiError.reason === 'http' || apiError.reason === 'notFound'))) {
      await release();
      const why = apiError ? (apiError.details.msg ?? apiError.message) : error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
      // The API's words reach Slack: escaped, so they cannot mention anyone or forge a link.
      await say(t(language, 'action.refused', { msg: fitMrkdwn(why, MAX_REASON_CHARS, language) }));
      deps.logger.warn({ executionId: click.executionId }, `re-run of ${click.executionId} refused: ${apiError?.message ?? why}`);
      return 'refused';
    }
    const why = error instanceof Error ? error.message.slice(0, 200) : 'unknown error';
    await say(t(language, 'action.unclear', { why: fitMrkdwn(why, MAX_REASON_CHARS, language) }));
    deps.logger.warn({ executionId: click.executionId }, `re-run of ${click.executionId}: unclear whether it started (${why})`);
    return 'unclear';
  }
  await deps.claims.settle('rerun', click.account, click.executionId, { ...claim, result: newId });
  const threadTs = click.threadTs ?? click.messageTs;
  await deps.watches.add(click.account, newId, { origin: click.executionId, channelId: click.channelId, threadTs, language });
  deps.logger.info({ executionId: click.executionId, newExecutionId: newId, user: click.userId }, `execution ${click.executionId} re-run from Slack by @${click.userName}: new execution ${newId}`);
  await deps.slack.replyInThread(click.channelId, threadTs, t(language, 'action.rerun_started', { user: `<@${click.userId}>`, execution: `\`${newId}\`` }));
  return 'done';
}

/**
 * The alert the click came from, edited to carry the line (the buttons stay: the other ones still work). It
 * starts from the blocks the click carried, so whatever the message shows by then (a streak's count, earlier
 * lines) stays; a click without them re-renders the stored alert.
 */
async function showOnMessage(click: Click, alert: Transition, line: string, language: Language, deps: Pick<ClickDeps, 'slack' | 'render'>): Promise<void> {
  const current = click.messageBlocks.length > 0 ? { text: click.messageText, blocks: click.messageBlocks } : deps.render(alert, language);
  await deps.slack.updateMessage(click.channelId, click.messageTs, current.text, withStateLine(current.blocks, line));
}
