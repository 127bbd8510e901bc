import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RedisConnection } from '../state/redis-connection';
import { MAX_ALERTS_PER_GROUP, statusRank } from '../domain/group-alerts';
import { type Transition, transitionKey } from '../domain/transition';
import { transitionSchema } from '../queues/job-schemas';
import { stateKeys } from '../state/keys';
import type { FloodPlan } from './flood-rate';

const ADMIT_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'floodAdmit-5.lua'), 'utf8');
const CLAIM_LUA = readFileSync(path.join(__dirname, '..', 'state', 'lua', 'floodClaim-6.lua'), 'utf8');

/** What waits is kept a week at most: past any outage a person would still want to hear about. */
const WAITING_TTL_MS = 7 * 86_400_000;
/** Past the rank's reach: a detection time (ms) stays below 1e13 until the year 2286. */
const RANK_STEP = 1e13;

interface FloodCommands {
  rpaFloodAdmit(...args: (string | number)[]): Promise<[number, string | number, number]>;
  rpaFloodClaim(...args: (string | number)[]): Promise<(string | number)[]>;
}

/** May this alert go now? `send`: yes, alone. `parked`: it waits for drain job `drainJobId`, due in `delayMs`. `wait`: try again later. */
export type Admission = { kind: 'send' } | { kind: 'parked'; drainJobId: string; delayMs: number } | { kind: 'wait'; delayMs: number };

/** What a drain job got: nothing waits, wait a while, or a batch to send as one message. */
export type Claim =
  | { kind: 'empty' }
  | { kind: 'wait'; delayMs: number }
  | { kind: 'batch'; transitions: Transition[]; unreadable: string[]; remaining: number; nextDrainJobId: string };

export const drainJobId = (gen: string | number): string => `drain-${gen}`;

/**
 * Flood control in Redis, per channel and shared by every process: a token bucket (the channel's pace),
 * the alerts waiting for a grouped message, and the batches drain jobs are sending. Each decision is one
 * Lua step (floodAdmit-5.lua, floodClaim-6.lua), so workers anywhere never send past the pace, never park
 * an alert twice, and never put one alert in two batches.
 */
export class FloodControl {
  private readonly keys;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly now: () => number = Date.now,
  ) {
    this.keys = stateKeys(prefix);
    if (!('rpaFloodAdmit' in redis)) redis.defineCommand('rpaFloodAdmit', { numberOfKeys: 5, lua: ADMIT_LUA });
    if (!('rpaFloodClaim' in redis)) redis.defineCommand('rpaFloodClaim', { numberOfKeys: 6, lua: CLAIM_LUA });
  }

  private get commands(): FloodCommands {
    return this.redis as unknown as FloodCommands;
  }

  private channelKeys(channel: string): string[] {
    const k = this.keys;
    return [k.floodBucket(channel), k.floodWaiting(channel), k.floodData(channel), k.floodSince(channel), k.floodGen(channel)];
  }

  /** Takes a token for `transition` or, with `park`, leaves it waiting for the next grouped message. */
  async admit(channel: string, plan: FloodPlan, transition: Transition, options: { park: boolean }): Promise<Admission> {
    const order = statusRank(transition.execution.status) * RANK_STEP + Math.max(0, Math.min(RANK_STEP - 1, transition.detectedAt));
    const [allowed, gen, waitMs] = await this.commands.rpaFloodAdmit(
      ...this.channelKeys(channel),
      this.now(),
      plan.ratePerSec,
      plan.burst,
      plan.gatherMs,
      options.park ? '1' : '0',
      transitionKey(transition),
      order,
      JSON.stringify(transition),
      WAITING_TTL_MS,
    );
    if (Number(allowed) === 1) return { kind: 'send' };
    if (!options.park) return { kind: 'wait', delayMs: Number(waitMs) };
    return { kind: 'parked', drainJobId: drainJobId(gen), delayMs: Number(waitMs) };
  }

  /**
   * Takes a token for a Slack call that is no alert (the edit of a thread's root): 0 when taken, else
   * how long (ms) until one frees. Never parks anything: an edit is never part of a grouped message.
   */
  async take(channel: string, plan: FloodPlan): Promise<number> {
    const [allowed, , waitMs] = await this.commands.rpaFloodAdmit(...this.channelKeys(channel), this.now(), plan.ratePerSec, plan.burst, plan.gatherMs, '0', '', 0, '', WAITING_TTL_MS);
    return Number(allowed) === 1 ? 0 : Math.max(1, Number(waitMs));
  }

  /** Drain job `jobId` takes its batch: the one it claimed before, else up to `max` waiting alerts once the pace allows. */
  async claim(channel: string, plan: FloodPlan, jobId: string, max = MAX_ALERTS_PER_GROUP): Promise<Claim> {
    const out = await this.commands.rpaFloodClaim(...this.channelKeys(channel), this.keys.floodBatch(channel, jobId), this.now(), plan.ratePerSec, plan.burst, plan.gatherMs, max, WAITING_TTL_MS);
    const kind = Number(out[0]);
    if (kind === 0) return { kind: 'empty' };
    if (kind === -1) return { kind: 'wait', delayMs: Math.max(1, Number(out[1])) };
    const transitions: Transition[] = [];
    const unreadable: string[] = [];
    for (let i = 3; i + 1 < out.length; i += 2) {
      const parsed = transitionSchema.safeParse(safeJson(String(out[i + 1])));
      if (parsed.success) transitions.push(parsed.data);
      else unreadable.push(String(out[i]));
    }
    return { kind: 'batch', transitions, unreadable, remaining: Number(out[1]), nextDrainJobId: drainJobId(String(out[2])) };
  }

  /** The batch went out (or can never go): forgotten. */
  async finish(channel: string, jobId: string): Promise<void> {
    await this.redis.del(this.keys.floodBatch(channel, jobId));
  }

  /** How many alerts wait on `channel`, and the drain job that will take them. */
  async pending(channel: string): Promise<{ waiting: number; drainJobId: string | null }> {
    const [waiting, gen] = await Promise.all([this.redis.zcard(this.keys.floodWaiting(channel)), this.redis.get(this.keys.floodGen(channel))]);
    return { waiting, drainJobId: gen === null ? null : drainJobId(gen) };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
