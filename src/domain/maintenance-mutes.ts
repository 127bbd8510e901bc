import { maintenanceOccurrence } from './maintenance-window';
import type { Mute } from './mute-match';

/** A `maintenance:` entry of the config file, as the mute check reads it. */
export interface MaintenanceRule {
  /** Ids or names, `*` as a wildcard, or `all`. */
  workflows: readonly string[];
  cron: string;
  forMs: number;
  /** `for` as the file wrote it (`1h`), so the window is named the way the user wrote it. */
  forText: string;
  reason?: string;
  /** Only these statuses; absent: every status. */
  statuses?: readonly string[];
}

/** An occurrence of a maintenance window in force, shaped as a mute that ends with the occurrence. */
export interface MaintenanceMute extends Mute {
  kind: 'maintenance';
  /** `0 2 * * * (1h)`: how logs, digests and `mutes` name the window. */
  label: string;
  reason?: string;
}

export const maintenanceLabel = (rule: Pick<MaintenanceRule, 'cron' | 'forText'>): string => `${rule.cron} (${rule.forText})`;

/** The windows covering `at` in `timeZone`, each as a mute lasting until its occurrence ends. Pure: the clock is given. */
export function maintenanceMutes(rules: readonly MaintenanceRule[], at: number, timeZone: string): MaintenanceMute[] {
  return rules.flatMap((rule, index): MaintenanceMute[] => {
    const occurrence = maintenanceOccurrence({ cron: rule.cron, forMs: rule.forMs, timeZone }, at);
    if (!occurrence) return [];
    const label = maintenanceLabel(rule);
    return [{ kind: 'maintenance', id: `maintenance[${index}]`, label, workflows: rule.workflows, until: occurrence.end, ...(rule.statuses ? { statuses: rule.statuses } : {}), ...(rule.reason ? { reason: rule.reason } : {}) }];
  });
}
