import type { CheckLine } from '../channel-kind';
import { classifyDingTalkAnswer } from './classify-dingtalk-answer';
import type { DingTalkChannelOptions } from './dingtalk-channel-options';
import { postToDingTalk } from './dingtalk-notifier';

/**
 * A message type DingTalk does not know: the robot checks token and signature first, then refuses the
 * type, so nothing reaches the group and the answer says whether the credentials hold.
 */
export const CHECK_PROBE = { msgtype: 'rpa-notify-check' } as const;

/** What `check` says about a dingtalk channel; the URL and the secret never appear. */
export async function checkDingTalk(name: string, options: Pick<DingTalkChannelOptions, 'url' | 'secret'>): Promise<CheckLine> {
  // The environment's channel is simply DingTalk, as Slack and SMTP are.
  const label = name === 'dingtalk' ? 'DingTalk' : `DingTalk channel "${name}"`;
  const failure = classifyDingTalkAnswer(await postToDingTalk(options, CHECK_PROBE, 10_000));
  const signing = options.secret ? 'token and signature accepted' : 'token accepted (no secret: the robot must not use 加签)';
  if (!failure) return { ok: true, text: `✓ ${label}: ${signing}` };
  if (failure.reason === 'sign_keyword_or_ip') {
    // Keywords are checked against the text: a probe without one is refused although alerts may pass.
    if (/keywords not in content/i.test(failure.message)) return { ok: true, text: `✓ ${label}: token accepted; the robot checks keywords: make sure one of them appears in every alert (e.g. add "rpa-notify")` };
    const fix = options.secret ? 'copy the secret (SEC…) again from the robot\'s 加签 setting, and keep this host\'s clock right' : 'the robot uses 加签: set secret: (or DINGTALK_SECRET)';
    return { ok: false, text: `✗ ${label}: ${failure.message}; fix: ${fix}` };
  }
  if (failure.reason === 'too_fast') return { ok: true, text: `✓ ${label}: ${signing}, but the robot is sending too fast right now` };
  // The probe's own refusal (unknown type, missing parameter) comes only after the credentials passed.
  if (failure.permanent && /^errcode_(400105|40035)$/.test(failure.reason)) return { ok: true, text: `✓ ${label}: ${signing} (nothing was posted)` };
  return { ok: false, text: `✗ ${label}: ${failure.message}` };
}
