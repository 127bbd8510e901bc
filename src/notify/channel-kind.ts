import type { Config, EmailConfig } from '../config/config';
import type { Language } from '../i18n/messages';
import type { FloodRate } from '../oncall/flood-gate';
import type { ChannelType } from './channel-type';
import type { Notifier } from './notifier';

/** One line of `rpa-notify check`. */
export interface CheckLine {
  ok: boolean;
  text: string;
}

/** What every channel is built with, besides its own options. */
export interface ChannelContext {
  /** The environment's configuration: defaults (tokens, SMTP) that a channel of the file may leave out. */
  config: Config;
  displayTimeZone: string;
  /** The language of this channel's texts: its `language:`, else its type's default. */
  language: Language;
  /** `订单同步 (2008381617971200000)`, or the id alone; read at each send, so a reload renames at once. */
  workflowLabel: (projectId: string) => string;
}

/** What a built channel does with alerts: one by one, into a digest, or both. */
export interface BuiltChannel {
  notifier: Notifier;
  /** False for an email channel in digest mode: its alerts only go into the digest. */
  immediate: boolean;
  /** Set when the channel also collects a digest. */
  digest?: EmailConfig;
}

export interface ChannelLimits {
  /** Messages per second a destination takes before it answers "too fast" (undefined: no known limit). */
  messagesPerSecond?: number;
  /** Characters of the longest text it takes. */
  maxTextChars?: number;
  /** How fast alerts go out one by one before the rest wait to be grouped, when not `messagesPerSecond` (see floodPlanOf). */
  floodRate?: FloodRate;
}

/**
 * One kind of destination, whole: the config part (name, options, secrets) plus how a channel of it is
 * built from the environment or the file, sent to and checked. Everything else iterates the registry.
 */
export interface ChannelKind<Options> extends ChannelType<Options> {
  /** The channel the environment alone configures (SLACK_BOT_TOKEN…), named after the type; undefined when not configured. */
  fromEnv(config: Config): Options | undefined;
  /** How check names the type: `Slack`, `email`. */
  readonly displayName: string;
  /** Environment variables that configure `fromEnv`, for the "not configured" line of check. */
  readonly envVariables: readonly string[];
  create(name: string, options: Options, context: ChannelContext): BuiltChannel;
  /** Reaches the destination without sending an alert (check). */
  check(name: string, options: Options, config: Config): Promise<CheckLine>;
  readonly limits: ChannelLimits;
}

// Methods are bivariant in their parameters, so any ChannelKind<Options> fits a list of these.
export type AnyChannelKind = ChannelKind<unknown>;
