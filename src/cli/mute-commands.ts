import type { Setup } from '../config/load-setup';
import { parseDuration } from '../config/duration';
import { formatInstant } from '../domain/api-time';
import { MuteStore, type NewMute } from '../oncall/mute-store';
import { createRedis, redisTargetOf } from '../queues/queue-connection';
import { probeCluster } from '../state/probe-cluster';
import { matchesWorkflow } from '../routing/workflow-pattern';
import { EXIT_CONFIG_ERROR, EXIT_OK, EXIT_RUNTIME_FAILURE } from './exit-codes';
import { maintenanceTable } from './maintenance-lines';

export interface MuteOptions {
  for?: string;
  reason?: string;
  status?: string;
}

export type MuteRequest = { ok: true; forMs: number; statuses?: string[]; reason?: string } | { ok: false; problem: string };

/** `--for 2h [--status FAILED,STUCK] [--reason TEXT]`, checked before anything is touched. */
export function parseMuteOptions(options: MuteOptions): MuteRequest {
  if (options.for === undefined) return { ok: false, problem: '--for is required (a duration like 30m, 2h or 1d)' };
  const forMs = parseDuration(options.for);
  if (forMs === undefined) return { ok: false, problem: `--for "${options.for}" is not a duration (expected e.g. 30m, 2h or 1d)` };
  let statuses: string[] | undefined;
  if (options.status !== undefined) {
    statuses = options.status.split(',').map((s) => s.trim().toUpperCase());
    if (statuses.some((s) => !/^[A-Z_]+$/.test(s))) return { ok: false, problem: `--status "${options.status}" is not a status list (e.g. FAILED or FAILED,STUCK)` };
  }
  const reason = options.reason?.trim();
  return { ok: true, forMs, ...(statuses ? { statuses } : {}), ...(reason ? { reason } : {}) };
}

/** `all`, or the target plus the ids of every workflow under `workflows:` it names, so the mute holds even if the name changes. */
export function muteWorkflows(target: string, workflows: Readonly<Record<string, { name: string }>>): string[] {
  if (target === 'all') return ['all'];
  const ids = Object.entries(workflows).filter(([id, w]) => matchesWorkflow(target, id, w.name)).map(([id]) => id);
  return [...new Set([target, ...ids])];
}

export interface MuteIo {
  out: (line: string) => void;
  err: (line: string) => void;
  now?: () => number;
  /** Who muted: $USER, else `cli`. */
  who?: string;
}

export async function muteCommand(setup: Setup, target: string, options: MuteOptions, io: MuteIo): Promise<number> {
  const request = parseMuteOptions(options);
  if (!request.ok) {
    io.err(`rpa-notify mute: ${request.problem}`);
    return EXIT_CONFIG_ERROR;
  }
  const now = io.now ?? Date.now;
  const listed = setup.file?.content.workflows ?? {};
  const mute: NewMute = {
    what: target,
    workflows: muteWorkflows(target, listed),
    until: now() + request.forMs,
    who: io.who ?? 'cli',
    ...(request.statuses ? { statuses: request.statuses } : {}),
    ...(request.reason ? { reason: request.reason } : {}),
  };
  return withStore(setup, io, now, 'mute', async (store) => {
    const stored = await store.add(mute);
    io.out(stored.id);
    // A typo in a name would mute nothing: say so, but an id the file does not list is normal.
    if (target !== 'all' && !Object.entries(listed).some(([id, w]) => matchesWorkflow(target, id, w.name))) io.err(`rpa-notify mute: note: "${target}" names no workflow listed under workflows:, muted as a workflow id`);
    return EXIT_OK;
  });
}

export async function mutesCommand(setup: Setup, io: MuteIo): Promise<number> {
  const now = io.now ?? Date.now;
  return withStore(setup, io, now, 'mutes', async (store) => {
    const mutes = await store.active();
    if (mutes.length === 0) io.out('no active mutes');
    else io.out(['id', 'what', 'statuses', 'until', 'reason', 'who'].join('\t'));
    for (const m of mutes) {
      const statuses = m.statuses && m.statuses.length > 0 ? m.statuses.join(',') : 'all';
      io.out([m.id, m.what, statuses, formatInstant(m.until, setup.config.displayTimeZone), m.reason ?? '-', m.who].join('\t'));
    }
    for (const line of maintenanceTable(setup.file?.content.maintenance ?? [], setup.config.digest.timeZone, now())) io.out(line);
    return EXIT_OK;
  });
}

export async function unmuteCommand(setup: Setup, id: string, io: MuteIo): Promise<number> {
  return withStore(setup, io, io.now ?? Date.now, 'unmute', async (store) => {
    if (!(await store.remove(id))) {
      io.err(`rpa-notify unmute: no active mute with id "${id}" (see rpa-notify mutes)`);
      return EXIT_RUNTIME_FAILURE;
    }
    io.out(`unmuted ${id}`);
    return EXIT_OK;
  });
}

async function withStore(setup: Setup, io: MuteIo, now: () => number, command: string, act: (store: MuteStore) => Promise<number>): Promise<number> {
  if (setup.config.redisCluster) {
    // The cluster client would wait forever for a cluster that is not one: say so instead.
    const probe = await probeCluster(setup.config.redisCluster, setup.config.keyPrefix);
    if (!probe.ok) {
      io.err(`rpa-notify ${command}: ${probe.problem}`);
      return EXIT_RUNTIME_FAILURE;
    }
  }
  const redis = createRedis(redisTargetOf(setup.config), { forQueues: false, connectTimeoutMs: 3000 });
  // Connection errors surface as the failed command below; the client's own events add nothing.
  redis.on('error', () => undefined);
  try {
    return await act(new MuteStore(redis, setup.config.keyPrefix, now));
  } catch (error) {
    io.err(`rpa-notify ${command}: Redis failed: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_RUNTIME_FAILURE;
  } finally {
    redis.disconnect();
  }
}
