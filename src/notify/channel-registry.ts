import type { AnyChannelKind } from './channel-kind';
import { dingTalkChannelKind } from './dingtalk/dingtalk-channel-kind';
import { emailChannelKind } from './email/email-channel-kind';
import { feishuChannelKind } from './feishu/feishu-channel-kind';
import { pagerdutyChannelKind } from './pagerduty/pagerduty-channel-kind';
import { slackChannelKind } from './slack/slack-channel-kind';
import { webhookChannelKind } from './webhook/webhook-channel-kind';
import { wecomChannelKind } from './wecom/wecom-channel-kind';

/** Every channel type there is; a new type joins by adding itself here, and nothing else lists them. */
export const channelKinds: readonly AnyChannelKind[] = [slackChannelKind, emailChannelKind, dingTalkChannelKind, feishuChannelKind, pagerdutyChannelKind, webhookChannelKind, wecomChannelKind];

/** What to set for a channel, type by type (SLACK_BOT_TOKEN/SLACK_CHANNEL, …), for "nothing is configured" lines. */
export const howToConfigureAChannel = (): string => `${channelKinds.map((kind) => kind.envVariables.join('/')).join(', or ')}, or channels in the config file`;

export function channelKind(type: string): AnyChannelKind | undefined {
  return channelKinds.find((kind) => kind.name === type);
}
