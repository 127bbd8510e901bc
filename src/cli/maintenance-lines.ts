import { formatInstant } from '../domain/api-time';
import { maintenanceLabel, type MaintenanceRule } from '../domain/maintenance-mutes';
import { maintenanceOccurrence, nextMaintenanceStart } from '../domain/maintenance-window';

/** Whether the window is in force at `now` (and until when), else when it next starts; in the windows' zone. */
export function maintenanceState(rule: MaintenanceRule, timeZone: string, now: number): string {
  const window = { cron: rule.cron, forMs: rule.forMs, timeZone };
  const occurrence = maintenanceOccurrence(window, now);
  if (occurrence) return `active until ${formatInstant(occurrence.end, timeZone)}`;
  return `next ${formatInstant(nextMaintenanceStart(window, now), timeZone)}`;
}

const statusesOf = (rule: MaintenanceRule) => (rule.statuses && rule.statuses.length > 0 ? rule.statuses.join(',') : 'all');

/** `rpa-notify mutes`: the file's windows as a table after the mutes; nothing when the file has none. */
export function maintenanceTable(rules: readonly MaintenanceRule[], timeZone: string, now: number): string[] {
  if (rules.length === 0) return [];
  return [
    '',
    `maintenance windows (config file, times in ${timeZone}):`,
    ['window', 'workflows', 'statuses', 'when', 'reason'].join('\t'),
    ...rules.map((rule) => [maintenanceLabel(rule), rule.workflows.join(','), statusesOf(rule), maintenanceState(rule, timeZone, now), rule.reason ?? '-'].join('\t')),
  ];
}

/** `rpa-notify check`: one line per window, with what it silences and when. */
export function maintenanceCheckLines(rules: readonly MaintenanceRule[], timeZone: string, now: number): string[] {
  return rules.map((rule) => {
    const statuses = rule.statuses && rule.statuses.length > 0 ? ` (${rule.statuses.join(', ')} only)` : '';
    const reason = rule.reason ? `, "${rule.reason}"` : '';
    return `✓ maintenance ${maintenanceLabel(rule)} in ${timeZone}: mutes ${rule.workflows.join(', ')}${statuses}${reason}; ${maintenanceState(rule, timeZone, now)}`;
  });
}
