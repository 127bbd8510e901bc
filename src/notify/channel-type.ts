import type { z } from 'zod';

import type { Language } from '../i18n/messages';

export { LANGUAGES, type Language } from '../i18n/messages';

/** Keys every channel has whatever its type; the config file reads them before handing the rest to the type. */
export const COMMON_CHANNEL_KEYS = ['type', 'statuses', 'language'] as const;

/** A problem found in a channel's options, `key` being the option it is about (its path under the channel). */
export interface OptionProblem {
  key: string;
  message: string;
}

/**
 * One kind of destination (slack, email, …), the part the config file needs: what options it takes and which of
 * them are secret. Sending, checking and limits join this interface when the channels are built from it.
 */
export interface ChannelType<Options> {
  readonly name: string;
  /** The type's own options (the common ones excluded), as written in the file; unknown keys must be refused. */
  readonly optionsSchema: z.ZodType<Options>;
  readonly defaultLanguage: Language;
  /** Values that must never reach a log line. */
  secretsOf(options: Options): string[];
  /** What the options lack once the environment is taken into account (a slack channel with no token anywhere). */
  problemsWith(options: Options, env: Readonly<Record<string, string | undefined>>): OptionProblem[];
}

/** A channel type of any options, as lists of types hold them. */
// Methods are bivariant in their parameters, so a ChannelType<SlackChannelOptions> fits here without a cast.
export type AnyChannelType = ChannelType<unknown>;
