import { type Config, loadConfig } from '../config/config';
import { EXIT_CONFIG_ERROR } from './exit-codes';

/** The configuration, or every problem on stderr (one line each, never a value) and exit code 2. */
export function readConfigOrExit(env: NodeJS.ProcessEnv = process.env): Config {
  const result = loadConfig(env);
  if (result.ok) return result.config;
  process.stderr.write(`rpa-notify: the configuration has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:\n`);
  for (const problem of result.problems) process.stderr.write(`  ${problem}\n`);
  process.exit(EXIT_CONFIG_ERROR);
}
