import { existsSync } from 'node:fs';
import path from 'node:path';

export const DEFAULT_CONFIG_FILE = 'rpa-notify.yml';

/** RPA_NOTIFY_CONFIG, else `rpa-notify.yml` in the working directory when there is one; undefined: environment only. */
export function configFilePath(env: Readonly<Record<string, string | undefined>>, cwd: string = process.cwd()): string | undefined {
  if (env.RPA_NOTIFY_CONFIG) return path.resolve(cwd, env.RPA_NOTIFY_CONFIG);
  const fallback = path.join(cwd, DEFAULT_CONFIG_FILE);
  return existsSync(fallback) ? fallback : undefined;
}
