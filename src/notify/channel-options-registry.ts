import type { AnyChannelType } from './channel-type';
import { emailChannelOptions } from './email/email-channel-options';
import { slackChannelOptions } from './slack/slack-channel-options';

/** Every channel type the config file may name; a new type joins by adding itself here. */
export const channelOptionsRegistry: readonly AnyChannelType[] = [slackChannelOptions, emailChannelOptions];
