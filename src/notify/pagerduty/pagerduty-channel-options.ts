import { mapping, text, urlText } from '../../config/file-fields';
import { COMMON_CHANNEL_KEYS, type ChannelType } from '../channel-type';

export interface PagerDutyChannelOptions {
  /** The integration key of an Events API v2 integration (a secret: whoever holds it can page the rota). */
  routingKey: string;
  /** Else PAGERDUTY_EVENTS_URL, else PagerDuty's own. */
  eventsUrl?: string;
}

/** https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ */
export const PAGERDUTY_EVENTS_URL = 'https://events.pagerduty.com/v2/enqueue';
export const ROUTING_KEY_LENGTH = 32;

const shape = {
  routing_key: text('required: the integration key of an Events API v2 integration (Service → Integrations)').refine(
    (key) => key.trim().length === ROUTING_KEY_LENGTH,
    `must be the ${ROUTING_KEY_LENGTH}-character integration key of an Events API v2 integration`,
  ),
  events_url: urlText(['http:', 'https:']).optional(),
};

export const pagerdutyChannelOptions: ChannelType<PagerDutyChannelOptions> = {
  name: 'pagerduty',
  optionsSchema: mapping(shape, 'option for a pagerduty channel', [...Object.keys(shape), ...COMMON_CHANNEL_KEYS]).transform(
    (o): PagerDutyChannelOptions => ({ routingKey: o.routing_key.trim(), eventsUrl: o.events_url }),
  ),
  defaultLanguage: 'en',
  secretsOf: (options) => [options.routingKey],
  problemsWith: () => [],
};
