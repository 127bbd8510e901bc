import type { Bot } from '../bot';
import type { Config } from '../config/config';
import { readConfigFile } from '../config/load-setup';
import type { Logger } from '../logging/logger';
import { routingOf } from '../routing/live-routing';
import { channelsFor } from './read-setup';

/**
 * SIGHUP: reads the config file again. A valid one applies to alerts detected from then on; an invalid one
 * is refused with one line per problem and the file in force stays. The environment is not re-read.
 */
export function reloadConfigFile(path: string | undefined, deps: { bot: Bot; config: Config; logger: Logger; secrets: string[]; env?: NodeJS.ProcessEnv }): boolean {
  const { logger } = deps;
  if (!path) {
    logger.info('SIGHUP: no config file in use (RPA_NOTIFY_CONFIG or ./rpa-notify.yml): nothing to reload');
    return false;
  }
  const read = readConfigFile(path, deps.env ?? process.env);
  if (!read.ok) {
    for (const problem of read.problems) logger.error(`config reload refused: ${problem}`);
    logger.warn(`config reload refused (${read.problems.length} problem${read.problems.length === 1 ? '' : 's'}); the file read before stays in force`);
    return false;
  }
  // New secrets join the scrubbing list before anything built from them can log.
  for (const secret of read.secrets) if (!deps.secrets.includes(secret)) deps.secrets.push(secret);
  for (const warning of read.warnings) logger.warn(warning);
  const routing = routingOf(read.content);
  // Accounts carry state and poll loops of their own: a change to them needs a restart.
  if (accountNames(read.content.accounts) !== deps.bot.accountNames()) logger.warn('config reload: accounts: changed; the accounts watched change at the next restart (routes, names and channels apply now)');
  try {
    deps.bot.reload(channelsFor({ config: deps.config, file: { path, content: read.content } }, deps.bot.routing), routing);
  } catch (error) {
    // Validation should have caught it; whatever slipped through must not stop a running process.
    logger.error(`config reload refused: ${path}: ${error instanceof Error ? error.message : String(error)}; the file read before stays in force`);
    return false;
  }
  logger.info(describeFile(path, read.content), `config file reloaded: ${path} is in force`);
  return true;
}

const accountNames = (accounts: { name: string }[] | undefined): string => (accounts ?? []).map((a) => a.name).join(',');

export function describeFile(path: string, content: { channels: Record<string, unknown>; routes: unknown[]; workflows: Record<string, unknown>; maintenance?: unknown[]; accounts?: { name: string }[] }): Record<string, unknown> {
  return { configFile: path, fileChannels: Object.keys(content.channels), routes: content.routes.length, workflowNames: Object.keys(content.workflows).length, maintenanceWindows: content.maintenance?.length ?? 0, ...(content.accounts ? { accounts: content.accounts.map((a) => a.name) } : {}) };
}
