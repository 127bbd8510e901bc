import type { Logger } from 'pino';
import { type MaintenanceRule, maintenanceMutes } from '../domain/maintenance-mutes';
import { isMuted } from '../domain/mute-match';
import type { Transition } from '../domain/transition';
import type { Metrics } from '../observability/metrics';
import type { MuteStore } from './mute-store';

/** What silenced an alert: a mute by its id, or a maintenance window of the file by its cron and length. */
export interface AlertMute {
  kind: 'mute' | 'maintenance';
  /** The mute's id, or the window's label (`0 2 * * * (1h)`). */
  id: string;
  reason?: string;
}

/** The mute or window silencing a transition of this batch, if any; logs and counts each muted one. */
export type MuteCheck = (transition: Transition) => AlertMute | undefined;

export interface MuteGateDeps {
  logger: Logger;
  metrics: Metrics;
  now: () => number;
  workflowName?: (projectId: string) => string | undefined;
  /** The file's maintenance windows in force (read at each batch, so a reload applies at once). */
  maintenance?: () => readonly MaintenanceRule[];
  /** DIGEST_TIMEZONE: the zone the windows' crons are read in. */
  timeZone?: string;
}

/**
 * Reads the mutes once per dispatch batch and answers for each alert of it. A mute, or a maintenance
 * window in force, silences the immediate channels only: digests still list the alert.
 */
export class MuteGate {
  constructor(
    private readonly store: MuteStore,
    private readonly deps: MuteGateDeps,
  ) {}

  async forBatch(): Promise<MuteCheck> {
    const at = this.deps.now();
    const stored = (await this.store.active()).map((m) => ({ ...m, kind: 'mute' as const, label: m.id }));
    const windows = maintenanceMutes(this.deps.maintenance?.() ?? [], at, this.deps.timeZone ?? 'UTC');
    const mutes = [...stored, ...windows];
    if (mutes.length === 0) return () => undefined;
    return (transition) => {
      const { execution } = transition;
      const mute = isMuted({ projectId: execution.projectId, workflowName: this.deps.workflowName?.(execution.projectId), status: execution.status, at }, mutes);
      if (!mute) return undefined;
      const by = mute.kind === 'maintenance' ? `maintenance ${mute.label}` : mute.id;
      this.deps.logger.info(
        { executionId: execution.id, status: execution.status, muteId: mute.label, mutedBy: mute.kind },
        `alert for ${execution.id} ${execution.status} muted by ${by} (${mute.reason ?? 'no reason given'})`,
      );
      this.deps.metrics.alertsMuted.inc({ status: execution.status, reason: mute.kind });
      return { kind: mute.kind, id: mute.label, ...(mute.reason ? { reason: mute.reason } : {}) };
    };
  }
}
