import type { Logger } from 'pino';
import { isMuted } from '../domain/mute-match';
import type { Transition } from '../domain/transition';
import type { Metrics } from '../observability/metrics';
import type { MuteStore, StoredMute } from './mute-store';

/** The mute silencing a transition of this batch, if any; logs and counts each muted one. */
export type MuteCheck = (transition: Transition) => StoredMute | undefined;

/**
 * Reads the mutes once per dispatch batch and answers for each alert of it. A mute silences the
 * immediate channels only: digests still list the alert.
 */
export class MuteGate {
  constructor(
    private readonly store: MuteStore,
    private readonly deps: { logger: Logger; metrics: Metrics; now: () => number; workflowName?: (projectId: string) => string | undefined },
  ) {}

  async forBatch(): Promise<MuteCheck> {
    const mutes = await this.store.active();
    if (mutes.length === 0) return () => undefined;
    const at = this.deps.now();
    return (transition) => {
      const { execution } = transition;
      const mute = isMuted({ projectId: execution.projectId, workflowName: this.deps.workflowName?.(execution.projectId), status: execution.status, at }, mutes);
      if (!mute) return undefined;
      this.deps.logger.info(
        { executionId: execution.id, status: execution.status, muteId: mute.id },
        `alert for ${execution.id} ${execution.status} muted by ${mute.id} (${mute.reason ?? 'no reason given'})`,
      );
      this.deps.metrics.alertsMuted.inc({ status: execution.status });
      return mute;
    };
  }
}
