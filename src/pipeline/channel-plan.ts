import type { Config } from '../config/config';
import type { ChannelName } from '../notify/notifier';

/** Which channels alert on a status, right away. Digests are separate; EMAIL_MODE changes email only. */
export function immediateChannels(status: string, config: Pick<Config, 'notifyStatuses'>, enabled: { slack: boolean; email: boolean; emailMode: 'immediate' | 'digest' | 'both' }): ChannelName[] {
  if (!config.notifyStatuses.includes(status)) return [];
  const channels: ChannelName[] = [];
  if (enabled.slack) channels.push('slack');
  if (enabled.email && enabled.emailMode !== 'digest') channels.push('email');
  return channels;
}
