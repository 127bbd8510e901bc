import { z } from 'zod';
import type { MaintenanceRule } from '../domain/maintenance-mutes';
import type { Language } from '../notify/channel-type';
import type { Route } from '../routing/route';
import { describeValue, durationOrOff, mapping, statusList, text, textList, urlText } from './file-fields';

export interface WorkflowConfig {
  name: string;
  /** A run still PENDING after this long gets one STUCK alert; null (`off`): never, whatever is learned or STUCK_AFTER says. */
  stuckAfterMs?: number | null;
}

export interface ChannelConfig<Options = unknown> {
  name: string;
  type: string;
  /** Statuses this channel receives: its `statuses:`, else NOTIFY_STATUSES plus STUCK. */
  statuses: string[];
  language: Language;
  /** The type's own options, as its options schema returns them. */
  options: Options;
}

export interface AccountConfig {
  name: string;
  apiKey: string;
  baseUrl?: string;
}

/** The config file once read, expanded and validated. */
export interface ConfigFile {
  /** Workflow id -> its name and settings. */
  workflows: Record<string, WorkflowConfig>;
  channels: Record<string, ChannelConfig>;
  routes: Route[];
  /** Absent: the one account of IFLYRPA_API_KEY / IFLYRPA_BASE_URL. */
  accounts?: AccountConfig[];
  /** Recurring silences (`maintenance:`), read in DIGEST_TIMEZONE; absent: none. */
  maintenance?: MaintenanceRule[];
}

const WORKFLOW_ID = /^\d+$/;

export const workflowSchema = z.preprocess(
  (value) => (typeof value === 'string' ? { name: value } : value),
  mapping({ name: text(), stuck_after: durationOrOff(60_000, '45m or 2h').optional() }, 'workflow option'),
).transform((w): WorkflowConfig => ({ name: w.name, stuckAfterMs: w.stuck_after }));

const nonEmpty = <T extends z.ZodType<string[]>>(list: T) =>
  list.refine((values) => values.length > 0, 'an empty list matches nothing; leave the key out to match any');

const routeMatch = mapping(
  { workflows: nonEmpty(textList()), statuses: nonEmpty(statusList), accounts: nonEmpty(textList()) },
  'match key',
).partial();

export const routeSchema = mapping({ match: routeMatch.optional(), to: textList('required: the channels to send to, or [] for nothing'), continue: z.boolean('expected true or false').default(false) }, 'route key', ['match', 'to', 'continue'])
  .transform((r): Route => {
    const match = r.match && Object.keys(r.match).length > 0 ? r.match : undefined;
    return { ...(match ? { match } : {}), to: r.to, continue: r.continue };
  });

/** An account's name goes into Redis keys and alert texts: a short word, no spaces or colons. */
export const ACCOUNT_NAME = /^[A-Za-z0-9_-]{1,64}$/;

export const accountSchema = mapping(
  { name: text().regex(ACCOUNT_NAME, 'an account name holds only letters, digits, "-" and "_" (at most 64)'), api_key: text(), base_url: urlText(['http:', 'https:']).optional() },
  'account key',
)
  .transform((a): AccountConfig => ({ name: a.name, apiKey: a.api_key, baseUrl: a.base_url?.replace(/\/+$/, '') }));

/** The file's top level: only known sections; each is then read on its own so one bad entry hides nothing else. */
export const sectionsSchema = mapping(
  { workflows: z.unknown().optional(), channels: z.unknown().optional(), routes: z.unknown().optional(), accounts: z.unknown().optional(), maintenance: z.unknown().optional() },
  'section',
);

export const workflowIdSchema = z.string().regex(WORKFLOW_ID, 'a workflow id is a number like 2008381617971200000 (the name goes after the colon)');

/** The options every channel has, read before the rest goes to its type. */
export const commonChannelSchema = z.object({
  type: z.string({ error: (issue) => (issue.input === undefined ? 'required' : `expected text, got ${describeValue(issue.input)}`) }),
  statuses: statusList.pipe(z.array(z.string()).min(1, 'give at least one status, or remove the channel')).optional(),
  language: z.enum(['en', 'zh-CN'], 'must be en or zh-CN').optional(),
});
