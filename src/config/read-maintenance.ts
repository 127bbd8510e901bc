import { z } from 'zod';
import type { MaintenanceRule } from '../domain/maintenance-mutes';
import { validateMaintenanceWindow } from '../domain/maintenance-window';
import { matchesWorkflow } from '../routing/workflow-pattern';
import type { WorkflowConfig } from './config-file-schema';
import { parseDuration } from './duration';
import { describeValue, mapping, statusList, text, textList } from './file-fields';
import { problemAt } from './format-path';
import { issueLines } from './issue-lines';
import { itemsOf } from './read-sections';

/** A window shorter than a cron's step mutes next to nothing; one longer than a month is a mute, not maintenance. */
export const MIN_MAINTENANCE_MS = 60_000;
export const MAX_MAINTENANCE_MS = 30 * 86_400_000;

const forField = z
  .string({ error: (issue) => (issue.input === undefined ? 'required: how long each window lasts, like 1h or 30m' : `expected a duration like 1h or 30m, got ${describeValue(issue.input)}`) })
  .transform((value, ctx) => {
    const ms = parseDuration(value);
    if (ms === undefined || ms < MIN_MAINTENANCE_MS || ms > MAX_MAINTENANCE_MS) {
      ctx.addIssue({ code: 'custom', message: `"${value}" is not a duration from 1m to 30d, like 1h or 30m` });
      return z.NEVER;
    }
    return { ms, text: value.trim() };
  });

const nonEmpty = <T extends z.ZodType<string[]>>(list: T, message: string) => list.refine((values) => values.length > 0, message);

/** One `maintenance:` entry; the cron is checked in the zone the windows are read in (DIGEST_TIMEZONE). */
export const maintenanceSchema = (timeZone: string) =>
  mapping(
    {
      workflows: nonEmpty(textList('required: the workflows to silence (ids, names, * patterns, or all)'), 'an empty list silences nothing; name the workflows, or all'),
      cron: text('required: when each window starts, like "0 2 * * *"').superRefine((cron, ctx) => {
        try {
          validateMaintenanceWindow({ cron, forMs: MIN_MAINTENANCE_MS, timeZone });
        } catch (error) {
          const why = error instanceof Error ? error.message.replace(/^.*never fires or does not parse: /, '') : String(error);
          ctx.addIssue({ code: 'custom', message: `"${cron}" never fires or is not a cron expression (${why}); expected e.g. "0 2 * * *" (minute hour day month weekday)` });
        }
      }),
      for: forField,
      reason: text().optional(),
      statuses: nonEmpty(statusList, 'an empty list matches nothing; leave the key out to silence every status').optional(),
    },
    'maintenance key',
  ).transform(
    (m): MaintenanceRule => ({ workflows: m.workflows, cron: m.cron.trim(), forMs: m.for.ms, forText: m.for.text, ...(m.reason ? { reason: m.reason } : {}), ...(m.statuses ? { statuses: m.statuses } : {}) }),
  );

/** `maintenance:` -> the valid windows, problems for the rest, a warning for a name that matches no listed workflow. */
export function readMaintenance(value: unknown, context: { timeZone: string; workflows: Record<string, WorkflowConfig> }, problems: string[], warnings: string[]): MaintenanceRule[] {
  const rules: MaintenanceRule[] = [];
  const schema = maintenanceSchema(context.timeZone);
  for (const [index, entry] of itemsOf(value, 'maintenance', problems)) {
    const rule = schema.safeParse(entry);
    if (!rule.success) {
      problems.push(...issueLines(rule.error.issues, ['maintenance', index]));
      continue;
    }
    rules.push(rule.data);
    rule.data.workflows.forEach((pattern, j) => {
      if (pattern === 'all' || pattern === '*' || /^\d+$/.test(pattern)) return;
      if (!Object.entries(context.workflows).some(([id, w]) => matchesWorkflow(pattern, id, w.name))) {
        warnings.push(problemAt(['maintenance', index, 'workflows', j], `"${pattern}" matches no workflow listed under workflows: (yet)`));
      }
    });
  }
  return rules;
}

/** The zone windows are read in: DIGEST_TIMEZONE, else DISPLAY_TIMEZONE, else the default; a bad one is the environment's problem to report. */
export function maintenanceTimeZone(env: Readonly<Record<string, string | undefined>>): string {
  const zone = env.DIGEST_TIMEZONE || env.DISPLAY_TIMEZONE || 'Asia/Shanghai';
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return zone;
  } catch {
    return 'UTC';
  }
}
