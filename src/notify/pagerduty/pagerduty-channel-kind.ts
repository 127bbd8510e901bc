import type { Config } from '../../config/config';
import type { ChannelKind } from '../channel-kind';
import { PAGERDUTY_EVENTS_URL, type PagerDutyChannelOptions, pagerdutyChannelOptions } from './pagerduty-channel-options';
import { checkPagerDuty } from './pagerduty-check';
import { PAGERDUTY_LIMITS } from './pagerduty-event';
import { createPagerDutyNotifier, type PagerDutyConfig } from './pagerduty-notifier';

const resolve = (options: PagerDutyChannelOptions, config: Config): PagerDutyConfig => ({
  routingKey: options.routingKey,
  eventsUrl: options.eventsUrl ?? config.pagerdutyEventsUrl ?? PAGERDUTY_EVENTS_URL,
});

export const pagerdutyChannelKind: ChannelKind<PagerDutyChannelOptions> = {
  ...pagerdutyChannelOptions,
  displayName: 'PagerDuty',
  envVariables: ['PAGERDUTY_ROUTING_KEY'],
  fromEnv: (config) => (config.pagerduty ? { routingKey: config.pagerduty.routingKey, eventsUrl: config.pagerduty.eventsUrl } : undefined),
  create: (name, options, context) => ({
    notifier: createPagerDutyNotifier(resolve(options, context.config), context.displayTimeZone, { name, language: context.language, workflowLabel: context.workflowLabel }),
    immediate: true,
  }),
  check: (name, options, config) => checkPagerDuty(name, resolve(options, config)),
  // Events API v2: about 120 events a minute per integration key.
  limits: { messagesPerSecond: 2, maxTextChars: PAGERDUTY_LIMITS.summary },
};
