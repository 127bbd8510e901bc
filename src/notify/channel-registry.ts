import type { AnyChannelKind } from './channel-kind';
import { emailChannelKind } from './email/email-channel-kind';
import { slackChannelKind } from './slack/slack-channel-kind';
import { wecomChannelKind } from './wecom/wecom-channel-kind';

/** Every channel type there is; a new type joins by adding itself here, and nothing else lists them. */
export const channelKinds: readonly AnyChannelKind[] = [slackChannelKind, emailChannelKind, wecomChannelKind];

export function channelKind(type: string): AnyChannelKind | undefined {
  return channelKinds.find((kind) => kind.name === type);
}
