import type { Config } from '../config/config';
import type { Language } from '../i18n/messages';
import type { BuiltChannel, ChannelContext } from './channel-kind';
import { channelKind, channelKinds } from './channel-registry';

/** A channel as the pipeline uses it: its name (the delivery identity), its type, what it alerts on, and how it sends. */
export interface Channel extends BuiltChannel {
  name: string;
  type: string;
  statuses: string[];
  /** The language of its texts (the digest's too). */
  language: Language;
}

/** A channel of the config file, its options already validated by its type's schema. */
export interface ChannelSpec {
  name: string;
  type: string;
  statuses?: string[];
  language?: Language;
  options: unknown;
}

/** The environment's channels (named after their type: `slack`, `email`), then the file's. A channel's language: its `language:`, else ALERT_LANGUAGE, else its type's default. */
export function buildChannels(config: Config, specs: readonly ChannelSpec[], context: Omit<ChannelContext, 'config' | 'language'>): Channel[] {
  const channels: Channel[] = [];
  for (const kind of channelKinds) {
    const options = kind.fromEnv(config);
    const ctx: ChannelContext = { ...context, config, language: config.alertLanguage ?? kind.defaultLanguage };
    // STUCK as for file channels: a run hung for hours is as much news as one that failed; STUCK_AFTER=off opts out.
    if (options !== undefined) channels.push({ name: kind.name, type: kind.name, statuses: withStuck(config.notifyStatuses), language: ctx.language, ...kind.create(kind.name, options, ctx) });
  }
  for (const spec of specs) {
    const kind = channelKind(spec.type);
    // The file was validated against the registry: an unknown type cannot reach here.
    if (!kind) throw new Error(`channel ${spec.name}: unknown type ${spec.type}`);
    const ctx: ChannelContext = { ...context, config, language: spec.language ?? config.alertLanguage ?? kind.defaultLanguage };
    channels.push({ name: spec.name, type: spec.type, statuses: spec.statuses ?? withStuck(config.notifyStatuses), language: ctx.language, ...kind.create(spec.name, spec.options, ctx) });
  }
  return channels;
}

/** The names `default` stands for in routes: the channels the environment configures. */
export const defaultChannelNames = (config: Config): string[] => channelKinds.filter((kind) => kind.fromEnv(config) !== undefined).map((kind) => kind.name);

const withStuck = (statuses: readonly string[]): string[] => (statuses.includes('STUCK') ? [...statuses] : [...statuses, 'STUCK']);
