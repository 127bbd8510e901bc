import { z } from 'zod';
import { ACTION_KINDS, type Click } from './action-payload';

export const ACTIONS_QUEUE = 'slack-actions';

const clickSchema: z.ZodType<Click> = z.object({
  kind: z.enum(ACTION_KINDS).nullable(),
  actionId: z.string(),
  account: z.string(),
  executionId: z.string(),
  userId: z.string(),
  userName: z.string(),
  channelId: z.string(),
  messageTs: z.string(),
  threadTs: z.string().optional(),
  messageText: z.string(),
  messageBlocks: z.array(z.looseObject({ type: z.string(), block_id: z.string().optional() })),
  responseUrl: z.string(),
});

/** A click to act on, or a run started by Re-run that has ended (its thread is told). */
export const actionJobSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('click'), click: clickSchema }),
  z.object({ type: z.literal('rerunEnded'), account: z.string(), executionId: z.string(), status: z.string(), error: z.string().nullable() }),
]);

export type ActionJob = z.infer<typeof actionJobSchema>;
