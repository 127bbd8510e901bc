import { readFileSync } from 'node:fs';
import { secretsOf } from '../logging/scrub-secrets';
import { channelKinds } from '../notify/channel-registry';
import { type Config, loadConfig } from './config';
import type { ConfigFile } from './config-file-schema';
import { parseConfigFile } from './config-file';
import { configFilePath } from './config-file-path';
import { isRecord } from './read-sections';
import { readYaml } from './read-yaml';

/** IFLYRPA_API_KEY's stand-in when the config file lists the accounts (never sent: the file's keys are used). */
export const UNUSED_API_KEY = '(the config file lists the accounts)';

/** Everything the program is configured with: the environment, and the config file when there is one. */
export interface Setup {
  config: Config;
  /** The file in force, and where it was read from. */
  file?: { path: string; content: ConfigFile };
  /** Every value that must never reach a log line, the file's `${VAR}` values and channel tokens included. */
  secrets: string[];
  /** Things worth a log line that do not stop the program (a glob that matches no known workflow yet). */
  warnings: string[];
}

export type SetupResult = { ok: true; setup: Setup } | { ok: false; problems: string[] };

/** Reads and validates the config file at `path` against the environment; every problem, one line each. */
export function readConfigFile(path: string, env: Readonly<Record<string, string | undefined>>): { ok: true; content: ConfigFile; secrets: string[]; warnings: string[] } | { ok: false; problems: string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    return { ok: false, problems: [`${path}: cannot be read (${code === 'ENOENT' ? 'no such file' : (code ?? 'error')})`] };
  }
  const parsed = parseConfigFile(text, env, { channelTypes: channelKinds });
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((problem) => `${path}: ${problem}`) };
  return { ok: true, content: parsed.file, secrets: parsed.secrets, warnings: parsed.warnings.map((warning) => `${path}: ${warning}`) };
}

/** The environment's configuration and the config file (RPA_NOTIFY_CONFIG, or ./rpa-notify.yml when present); every problem of both at once. */
export function loadSetup(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): SetupResult {
  const path = configFilePath(env, cwd);
  const file = path === undefined ? undefined : readConfigFile(path, env);
  // The file's accounts replace the environment's one: IFLYRPA_API_KEY is then not needed.
  const keyFromFile = path !== undefined && !env.IFLYRPA_API_KEY && (file?.ok ? file.content.accounts !== undefined : listsAccounts(path));
  const loaded = loadConfig(keyFromFile ? { ...env, IFLYRPA_API_KEY: UNUSED_API_KEY } : env);
  const problems = [...(loaded.ok ? [] : loaded.problems), ...(file && !file.ok ? file.problems : [])];
  if (!loaded.ok || (file && !file.ok) || problems.length > 0) return { ok: false, problems };
  const content = file?.ok ? file.content : undefined;
  return {
    ok: true,
    setup: {
      config: loaded.config,
      file: path && content ? { path, content } : undefined,
      secrets: [...secretsOf(loaded.config).filter((secret) => secret !== UNUSED_API_KEY), ...environmentChannelSecrets(loaded.config), ...(file?.ok ? file.secrets : [])],
      warnings: [
        ...(file?.ok ? file.warnings : []),
        ...(file?.ok && file.content.accounts && env.IFLYRPA_API_KEY ? [`${path}: accounts: lists the accounts to watch; IFLYRPA_API_KEY is not used`] : []),
      ],
    },
  };
}

/** Whether a file with problems still means to list its accounts (then a missing IFLYRPA_API_KEY is not one more problem). */
function listsAccounts(path: string): boolean {
  try {
    const yaml = readYaml(readFileSync(path, 'utf8'));
    return yaml.ok && isRecord(yaml.value) && yaml.value.accounts !== undefined && yaml.value.accounts !== null;
  } catch {
    return false;
  }
}

/** The secrets of the channels the environment configures (a Feishu hook URL and its token, …), as each type declares them. */
export function environmentChannelSecrets(config: Config): string[] {
  return channelKinds.flatMap((kind) => {
    const options = kind.fromEnv(config);
    return options === undefined ? [] : kind.secretsOf(options);
  });
}
