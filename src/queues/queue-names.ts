import type { ChannelName } from '../notify/notifier';

export const PAGE_QUEUE = 'page';
export const notifyQueueName = (channel: ChannelName): string => `notify-${channel}`;

/** BullMQ job ids may not contain ':'; one id per (channel, execution, status) lets the queue deduplicate. */
export const noticeJobId = (channel: ChannelName, incidentId: string, kind: string): string => `${channel}-notice-${incidentId}-${kind}`;

export const notifyJobId = (channel: ChannelName, executionId: string, status: string): string =>
  `${channel}-${executionId}-${status}`.replace(/:/g, '_');
