import type { AnyChannelType, Language } from '../notify/channel-type';
import { COMMON_CHANNEL_KEYS } from '../notify/channel-type';
import { DEFAULT_CHANNEL } from '../routing/route-alert';
import { commonChannelSchema, type ChannelConfig } from './config-file-schema';
import { describeValue } from './file-fields';
import { problemAt } from './format-path';
import { issueLines } from './issue-lines';

export interface ParseChannelContext {
  channelTypes: readonly AnyChannelType[];
  env: Readonly<Record<string, string | undefined>>;
  /** Statuses a channel receives when it does not say. */
  defaultStatuses: string[];
  /** ALERT_LANGUAGE, for a channel that sets no `language:` (unset: its type's default). */
  defaultLanguage?: Language;
}

export type ParseChannelResult = { ok: true; channel: ChannelConfig; secrets: string[] } | { ok: false; problems: string[] };

// Names become part of delivery records and job ids: no spaces or colons.
const CHANNEL_NAME = /^[\p{L}\p{N}][\p{L}\p{N}_.-]*$/u;

/** One entry of `channels:`: the common options here, the rest by its type; every problem with its path. */
export function parseChannel(name: string, raw: unknown, context: ParseChannelContext): ParseChannelResult {
  const path = ['channels', name];
  const problems: string[] = [];
  if (name === DEFAULT_CHANNEL) problems.push(problemAt(path, '"default" is reserved for the channels configured by the environment; pick another name'));
  else if (context.channelTypes.some((t) => t.name === name)) problems.push(problemAt(path, `"${name}" is the name of the environment's ${name} channel (part of default); pick another name, e.g. ${name}-ops`))
  else if (!CHANNEL_NAME.test(name)) problems.push(problemAt(path, 'a channel name may hold only letters, digits, "_", "." and "-", starting with a letter or digit'));
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { ok: false, problems: [...problems, problemAt(path, `expected a mapping of options with a type, got ${describeValue(raw)}`)] };
  }
  const known = `(known: ${context.channelTypes.map((t) => t.name).join(', ')})`;
  const common = commonChannelSchema.safeParse(raw);
  if (!('type' in raw)) problems.push(problemAt([...path, 'type'], `required ${known}`));
  if (!common.success) problems.push(...issueLines(common.error.issues.filter((i) => 'type' in raw || i.path[0] !== 'type'), path));
  const typeName = common.success ? common.data.type : undefined;
  const type = context.channelTypes.find((t) => t.name === typeName);
  if (typeName !== undefined && !type) {
    problems.push(problemAt([...path, 'type'], `unknown type "${typeName}" ${known}`));
  }
  if (!type || !common.success) return { ok: false, problems };

  const rest: Record<string, unknown> = { ...raw };
  for (const key of COMMON_CHANNEL_KEYS) delete rest[key];
  const options = type.optionsSchema.safeParse(rest);
  if (!options.success) return { ok: false, problems: [...problems, ...issueLines(options.error.issues, path)] };
  problems.push(...type.problemsWith(options.data, context.env).map((p) => problemAt([...path, p.key], p.message)));
  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    channel: {
      name,
      type: type.name,
      statuses: common.data.statuses ?? context.defaultStatuses,
      language: common.data.language ?? context.defaultLanguage ?? type.defaultLanguage,
      options: options.data,
    },
    secrets: type.secretsOf(options.data),
  };
}
