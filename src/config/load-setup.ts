import { readFileSync } from 'node:fs';
import { secretsOf } from '../logging/scrub-secrets';
import { channelKinds } from '../notify/channel-registry';
import { type Config, loadConfig } from './config';
import type { ConfigFile } from './config-file-schema';
import { parseConfigFile } from './config-file';
import { configFilePath } from './config-file-path';

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
  const loaded = loadConfig(env);
  const path = configFilePath(env, cwd);
  const file = path === undefined ? undefined : readConfigFile(path, env);
  const problems = [...(loaded.ok ? [] : loaded.problems), ...(file && !file.ok ? file.problems : [])];
  if (!loaded.ok || (file && !file.ok) || problems.length > 0) return { ok: false, problems };
  const content = file?.ok ? file.content : undefined;
  return {
    ok: true,
    setup: {
      config: loaded.config,
      file: path && content ? { path, content } : undefined,
      secrets: [...secretsOf(loaded.config), ...environmentChannelSecrets(loaded.config), ...(file?.ok ? file.secrets : [])],
      warnings: file?.ok ? file.warnings : [],
    },
  };
}

/** What the channels the environment configures (WECOM_WEBHOOK_URL…) hold that must never be logged, as each type declares it. */
function environmentChannelSecrets(config: Config): string[] {
  return channelKinds.flatMap((kind) => {
    const options = kind.fromEnv(config);
    return options === undefined ? [] : kind.secretsOf(options);
  });
}
