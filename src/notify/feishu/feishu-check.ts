import type { CheckLine } from '../channel-kind';
import type { FeishuChannelOptions } from './feishu-channel-options';
import { postToFeishu } from './feishu-notifier';
import { NotifyError } from '../notify-error';

/**
 * Posts a request with no message to the hook: Feishu checks the token and the signature before the message, so
 * "msg_type missing" (19002) means both were accepted, and nothing reaches the group.
 */
export async function checkFeishu(name: string, options: FeishuChannelOptions): Promise<CheckLine> {
  const label = name === 'feishu' ? 'Feishu' : `Feishu channel "${name}"`;
  const signing = options.secret ? 'hook and signature accepted' : 'hook accepted (no signing)';
  try {
    await postToFeishu(options, {}, 10_000);
    return { ok: true, text: `✓ ${label}: ${signing}` };
  } catch (error) {
    if (error instanceof NotifyError && error.reason === 'code_19002') return { ok: true, text: `✓ ${label}: ${signing} (an empty request, nothing posted)` };
    return { ok: false, text: `✗ ${label}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
