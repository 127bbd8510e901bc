import { z } from 'zod';
import type { Execution, JsonValue } from '../domain/execution';
import type { HealthNotice } from '../domain/health-notice';
import { type PageItem, pageItemOf } from '../domain/page-payload';
import type { Transition } from '../domain/transition';
import type { ChannelName } from '../notify/notifier';

const json = z.custom<JsonValue>(() => true);

export const executionSchema: z.ZodType<Execution> = z.object({
  id: z.string().min(1),
  projectId: z.string(),
  status: z.string().min(1),
  parameters: json,
  result: json,
  error: z.string().nullable(),
  execPosition: z.string().nullable(),
  version: z.number().nullable(),
  userId: z.string().nullable(),
  startTime: z.string().nullable(),
  endTime: z.string().nullable(),
  startMs: z.number().nullable(),
  endMs: z.number().nullable(),
});

const pageJobFields = {
  /** The config file's account the page was fetched from; absent: the one account of IFLYRPA_API_KEY. */
  account: z.string().optional(),
  pollId: z.string(),
  source: z.union([z.object({ kind: z.literal('page'), pageNo: z.number().int().positive() }), z.object({ kind: z.literal('lookup') })]),
  fetchedAt: z.number(),
  baselinePoll: z.boolean(),
};

const pageItemSchema: z.ZodType<PageItem> = z.tuple([z.string().min(1), z.string().min(1), z.number().nullable(), z.number().nullable()]);

/** A page job as queued before page jobs were lightened: every record in full (still read, for an upgrade with jobs waiting). */
const fullPageJobSchema = z.object({ ...pageJobFields, executions: z.array(executionSchema) });
export type FullPageJob = z.infer<typeof fullPageJobSchema>;

/** A fetched page, as the poller hands it to the page workers: every record's item, full records only where needed (see lightenPage). */
const lightPageJobSchema = z.object({ ...pageJobFields, items: z.array(pageItemSchema), records: z.array(executionSchema) });
export type PageJob = z.infer<typeof lightPageJobSchema>;

export const pageJobSchema = z.union([
  lightPageJobSchema,
  fullPageJobSchema.transform(({ executions, ...rest }): PageJob => ({ ...rest, items: executions.map(pageItemOf), records: executions })),
]);

export const transitionSchema: z.ZodType<Transition> = z.object({
  kind: z.enum(['pendingEnded', 'firstSeenTerminal']),
  detectedAt: z.number(),
  execution: executionSchema,
  streak: z
    .object({
      kind: z.enum(['opened', 'continued', 'recovered', 'none']),
      count: z.number().optional(),
      failures: z.number().optional(),
      since: z.number().optional(),
      durationMs: z.number().optional(),
      id: z.string().optional(),
      seq: z.number().optional(),
    })
    .optional(),
  sameError: z.object({ fingerprint: z.string(), runs: z.number(), since: z.number(), workflows: z.number() }).optional(),
  muted: z.object({ id: z.string(), kind: z.enum(['mute', 'maintenance']).optional() }).optional(),
  reportedStuck: z.boolean().optional(),
  account: z.string().optional(),
  showAccount: z.boolean().optional(),
});

export const healthNoticeSchema: z.ZodType<HealthNotice> = z.object({
  kind: z.enum(['unreachable', 'recovered']),
  incidentId: z.string().regex(/^[A-Za-z0-9]+$/),
  cause: z.string(),
  since: z.number(),
  at: z.number(),
  failures: z.number(),
  account: z.string().optional(),
  showAccount: z.boolean().optional(),
});

/** A flood-controlled channel's turn to send what waits as one grouped message (see FloodControl). */
export const drainJobSchema = z.object({ drain: z.object({ channel: z.string() }) });

/** One delivery on one channel: an execution's alert, a notice about the bot itself, or a grouped message of what waits. */
export const notifyJobSchema = z.union([z.object({ transition: transitionSchema }), z.object({ notice: healthNoticeSchema }), drainJobSchema]);
export type NotifyJob = z.infer<typeof notifyJobSchema>;

/** A notification job the pipeline queued: which channel's queue, and its deterministic id. */
export interface DispatchedJob {
  channel: ChannelName;
  jobId: string;
}

export interface PageJobResult {
  recorded: number;
  transitions: number;
  statuses: string[];
  notifyJobIds: DispatchedJob[];
}
