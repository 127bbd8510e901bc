import { scrubSecrets } from '../logging/scrub-secrets';
import type { AnyChannelType } from '../notify/channel-type';
import { DEFAULT_CHANNEL } from '../routing/route-alert';
import { matchesWorkflow } from '../routing/workflow-pattern';
import type { Route } from '../routing/route';
import { accountSchema, routeSchema, sectionsSchema, workflowIdSchema, workflowSchema, type AccountConfig, type ChannelConfig, type ConfigFile, type WorkflowConfig } from './config-file-schema';
import { expandEnv } from './expand-env';
import { describeValue } from './file-fields';
import { problemAt } from './format-path';
import { issueLines } from './issue-lines';
import { parseChannel } from './parse-channel';
import { readYaml } from './read-yaml';

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

  const workflows: Record<string, WorkflowConfig> = {};
  for (const [id, value] of entriesOf(raw.workflows, 'workflows', 'workflow id: name', problems)) {
    const idOk = workflowIdSchema.safeParse(id);
    if (!idOk.success) problems.push(...issueLines(idOk.error.issues, ['workflows', id]));
    const workflow = workflowSchema.safeParse(value);
    if (!workflow.success) problems.push(...issueLines(workflow.error.issues, ['workflows', id]));
    else if (idOk.success) workflows[id] = workflow.data;
  }
  warnings.push(...sharedNames(workflows));

  const channels: Record<string, ChannelConfig> = {};
  const channelEntries = entriesOf(raw.channels, 'channels', 'channel name: options', problems);
  const context = { channelTypes: known.channelTypes, env, defaultStatuses: defaultStatuses(env) };
  for (const [name, value] of channelEntries) {
    const channel = parseChannel(name, value, context);
    if (!channel.ok) problems.push(...channel.problems);
    else {
      channels[name] = channel.channel;
      for (const secret of channel.secrets) secrets.add(secret);
    }
  }

  let accounts: AccountConfig[] | undefined;
  if (raw.accounts !== undefined && raw.accounts !== null) {
    accounts = [];
    for (const [index, value] of itemsOf(raw.accounts, 'accounts', problems)) {
      const account = accountSchema.safeParse(value);
      if (!account.success) problems.push(...issueLines(account.error.issues, ['accounts', index]));
      else if (accounts.some((a) => a.name === account.data.name)) problems.push(problemAt(['accounts', index, 'name'], `account "${account.data.name}" is listed twice`));
      else {
        accounts.push(account.data);
        secrets.add(account.data.apiKey);
      }
    }
  }

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
      else if (!accounts.some((a) => a.name === name) && !problems.some((p) => p.startsWith('accounts'))) problems.push(problemAt(path, `no account named "${name}"`));
    });
    route.data.match?.workflows?.forEach((pattern, j) => {
      const looksLikeId = /^\d+$/.test(pattern);
      const known = Object.entries(workflows).some(([id, w]) => matchesWorkflow(pattern, id, w.name));
      if (!known && (pattern.includes('*') || !looksLikeId)) {
        warnings.push(problemAt(['routes', index, 'match', 'workflows', j], `"${pattern}" matches no workflow listed under workflows: (yet)`));
      }
    });
  }

  // A value brought in by ${VAR} may be a secret even where a problem line quotes it.
  const scrub = (lines: string[]) => lines.map((line) => scrubSecrets(line, [...secrets]));
  const about = (line: string) => expanded.unresolved.some((path) => line.startsWith(`${path}: `));
  const all = [...yaml.problems, ...expanded.problems, ...problems.filter((line) => !about(line))];
  if (all.length > 0) return { ok: false, problems: scrub(all) };
  return { ok: true, file: { workflows, channels, routes, ...(accounts ? { accounts } : {}) }, warnings: scrub(warnings), secrets: [...secrets] };
}

const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function entriesOf(value: unknown, section: string, shape: string, problems: string[]): [string, unknown][] {
  if (value === undefined || value === null) return [];
  if (!isRecord(value)) {
    problems.push(problemAt([section], `expected a mapping of ${shape}, got ${describeValue(value)}`));
    return [];
  }
  return Object.entries(value);
}

function itemsOf(value: unknown, section: string, problems: string[]): [number, unknown][] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    problems.push(problemAt([section], `expected a list (each item starting with "- "), got ${describeValue(value)}`));
    return [];
  }
  return value.map((item, index) => [index, item]);
}

/** NOTIFY_STATUSES, read as the environment config reads it, plus STUCK. */
function defaultStatuses(env: Env): string[] {
  const listed = (env.NOTIFY_STATUSES || 'FAILED,COMPLETED').split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  return listed.includes('STUCK') ? listed : [...listed, 'STUCK'];
}

// Two ids under one name still work by id, but a name in a route or on the command line then means both.
function sharedNames(workflows: Record<string, WorkflowConfig>): string[] {
  const byName = new Map<string, string[]>();
  for (const [id, w] of Object.entries(workflows)) byName.set(w.name, [...(byName.get(w.name) ?? []), id]);
  return [...byName].filter(([, ids]) => ids.length > 1).map(([name, ids]) => problemAt(['workflows', ids[1] ?? ''], `name "${name}" is also used by ${ids[0]}`));
}
