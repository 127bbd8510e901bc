import { loadSetup, type Setup } from '../config/load-setup';
import { buildChannels, type Channel } from '../notify/build-channels';
import { LiveRouting, routingOf } from '../routing/live-routing';
import { EXIT_CONFIG_ERROR } from './exit-codes';

/** The environment and the config file, or every problem of both on stderr (one line each, never a value) and exit code 2. */
export function readSetupOrExit(env: NodeJS.ProcessEnv = process.env): Setup {
  const result = loadSetup(env);
  if (result.ok) return result.setup;
  process.stderr.write(`rpa-notify: the configuration has ${result.problems.length} problem${result.problems.length === 1 ? '' : 's'}:\n`);
  for (const problem of result.problems) process.stderr.write(`  ${problem}\n`);
  process.exit(EXIT_CONFIG_ERROR);
}

/** The routing in force and every channel, built for this setup; messages name workflows as the routing says. */
export function wireSetup(setup: Setup): { routing: LiveRouting; channels: Channel[] } {
  const routing = new LiveRouting(routingOf(setup.file?.content));
  return { routing, channels: channelsFor(setup, routing) };
}

export function channelsFor(setup: Pick<Setup, 'config' | 'file'>, routing: LiveRouting): Channel[] {
  const specs = Object.values(setup.file?.content.channels ?? {});
  return buildChannels(setup.config, specs, { displayTimeZone: setup.config.displayTimeZone, workflowLabel: routing.label });
}
