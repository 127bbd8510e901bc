import type { CheckLine } from '../channel-kind';
import { classifyWecomAnswer } from './classify-wecom-answer';
import { type WecomChannelOptions, wecomChannelOptions } from './wecom-channel-options';
import { postToWecom } from './wecom-notifier';

/**
 * WeCom has no "who am I" call: an empty message is posted instead. The robot checks its key before the
 * message, so a good key answers 40008 (no message type) and posts nothing; a wrong one answers 93000.
 */
export async function checkWecom(name: string, options: WecomChannelOptions): Promise<CheckLine> {
  const label = name === 'wecom' ? 'WeCom' : `WeCom channel "${name}"`;
  const result = await postToWecom(options.url, {}, 10_000);
  if ('status' in result && result.status === 200 && /"errcode"\s*:\s*40008\b/.test(result.body)) {
    return { ok: true, text: `✓ ${label}: robot key accepted (nothing was posted)` };
  }
  const failure = classifyWecomAnswer('error' in result ? { kind: 'unreachable', error: result.error } : { kind: 'answer', ...result }, wecomChannelOptions.secretsOf(options));
  if (failure === undefined) return { ok: true, text: `✓ ${label}: robot key accepted` };
  return { ok: false, text: `✗ ${label}: ${failure.message}` };
}
