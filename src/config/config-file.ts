import { scrubSecrets } from '../logging/scrub-secrets';
import { type AnyChannelType, type Language, LANGUAGES } from '../notify/channel-type';
import { DEFAULT_CHANNEL } from '../routing/route-alert';
import { matchesWorkflow } from '../routing/workflow-pattern';
import type { Route } from '../routing/route';
import { routeSchema, sectionsSchema, type ChannelConfig, type ConfigFile } from './config-file-schema';
import { expandEnv } from './expand-env';
import { problemAt } from './format-path';
import { issueLines } from './issue-lines';
import { parseChannel } from './parse-channel';
import { entriesOf, isRecord, itemsOf, readAccounts, readWorkflows, sharedNameWarnings } from './read-sections';
import { readYaml } from './read-yaml';
import { maintenanceTimeZone, readMaintenance } from './read-maintenance';

export type ParseConfigFileResult =
  | { ok: true; file: ConfigFile; warnings: string[]; secrets: string[] }
  | { ok: false; problems: string[] };

export interface KnownToConfigFile {
  channelTypes: readonly AnyChannelType[];
}

type Env = Readonly<Record<string, string | undefined>>;

/**
 * The config file's text -> names, channels, routes and accounts. `${VAR}` comes from `env`; every problem is
 * listed, one line each with its path (`routes[2].to[0]: no channel named "ops"`), so one start shows them all.
 */
export function parseConfigFile(text: string, env: Env, known: KnownToConfigFile): ParseConfigFileResult {
  const yaml = readYaml(text);
  if (!yaml.ok) return { ok: false, problems: yaml.problems };
  const expanded = expandEnv(yaml.value ?? {}, env);
  const problems: string[] = [];
  const warnings: string[] = [];
  const secrets = new Set(expanded.secrets);

  // Top-level `x-…` keys hold anchors to share (`x-slack: &slack {…}`), as in docker-compose files.
  const sectionsOnly = isRecord(expanded.value) ? Object.fromEntries(Object.entries(expanded.value).filter(([key]) => !key.startsWith('x-'))) : expanded.value;
  const sections = sectionsSchema.safeParse(sectionsOnly);
  if (!sections.success) {
    problems.push(...issueLines(sections.error.issues));
    if (!isRecord(expanded.value)) return { ok: false, problems };
  }
  const raw = isRecord(expanded.value) ? expanded.value : {};

  const workflows = readWorkflows(raw.workflows, problems);
  warnings.push(...sharedNameWarnings(workflows));

  const channels: Record<string, ChannelConfig> = {};
  const channelEntries = entriesOf(raw.channels, 'channels', 'channel name: options', problems);
  const context = { channelTypes: known.channelTypes, env, defaultStatuses: defaultStatuses(env), defaultLanguage: alertLanguage(env) };
  for (const [name, value] of channelEntries) {
    const channel = parseChannel(name, value, context);
    if (!channel.ok) problems.push(...channel.problems);
    else {
      channels[name] = channel.channel;
      for (const secret of channel.secrets) secrets.add(secret);
    }
  }

  const { accounts, complete: accountsComplete } = readAccounts(raw.accounts, problems);
  for (const account of accounts ?? []) secrets.add(account.apiKey);

  const routes: Route[] = [];
  const channelNames = channelEntries.map(([name]) => name);
  for (const [index, value] of itemsOf(raw.routes, 'routes', problems)) {
    const route = routeSchema.safeParse(value);
    if (!route.success) {
      problems.push(...issueLines(route.error.issues, ['routes', index]));
      continue;
    }
    routes.push(route.data);
    route.data.to.forEach((name, j) => {
      if (name !== DEFAULT_CHANNEL && !channelNames.includes(name)) {
        problems.push(problemAt(['routes', index, 'to', j], `no channel named "${name}" (channels: ${[...channelNames, DEFAULT_CHANNEL].join(', ')})`));
      }
    });
    route.data.match?.accounts?.forEach((name, j) => {
      const path = ['routes', index, 'match', 'accounts', j];
      if (!accounts) warnings.push(problemAt(path, `no accounts: are listed, so account "${name}" never matches`));
      // An account whose entry is broken may be the one meant: its own problem says enough.
      else if (accountsComplete && !accounts.some((a) => a.name === name)) problems.push(problemAt(path, `no account named "${name}"`));
    });
    route.data.match?.workflows?.forEach((pattern, j) => {
      const looksLikeId = /^\d+$/.test(pattern);
      const known = Object.entries(workflows).some(([id, w]) => matchesWorkflow(pattern, id, w.name));
      if (!known && (pattern.includes('*') || !looksLikeId)) {
        warnings.push(problemAt(['routes', index, 'match', 'workflows', j], `"${pattern}" matches no workflow listed under workflows: (yet)`));
      }
    });
  }

  const maintenance = readMaintenance(raw.maintenance, { timeZone: maintenanceTimeZone(env), workflows }, problems, warnings);

  // A value brought in by ${VAR} may be a secret even where a problem line quotes it.
  const scrub = (lines: string[]) => lines.map((line) => scrubSecrets(line, [...secrets]));
  const about = (line: string) => expanded.unresolved.some((path) => line.startsWith(`${path}: `));
  const all = [...yaml.problems, ...expanded.problems, ...problems.filter((line) => !about(line))];
  if (all.length > 0) return { ok: false, problems: scrub(all) };
  return { ok: true, file: { workflows, channels, routes, ...(accounts ? { accounts } : {}), ...(maintenance.length > 0 ? { maintenance } : {}) }, warnings: scrub(warnings), secrets: [...secrets] };
}

/** ALERT_LANGUAGE when it names a language (a wrong value is reported by the environment's config). */
function alertLanguage(env: Env): Language | undefined {
  return LANGUAGES.find((language) => language === env.ALERT_LANGUAGE);
}

/** NOTIFY_STATUSES, read as the environment config reads it, plus STUCK. */
function defaultStatuses(env: Env): string[] {
  const listed = (env.NOTIFY_STATUSES || 'FAILED,COMPLETED').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  return listed.includes('STUCK') ? listed : [...listed, 'STUCK'];
}
