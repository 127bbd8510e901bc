import type { Setup } from '../config/load-setup';
import { defaultChannelNames } from '../notify/build-channels';
import { explainRoute } from '../routing/explain-route';
import { EXIT_CONFIG_ERROR, EXIT_OK } from './exit-codes';

/** `routes --explain <workflow id|name> [STATUS]`: which routes an alert would match, and which channels it would reach. */
export function routesCommand(setup: Setup, query: { workflow: string; status?: string }, write: (line: string) => void): number {
  const file = setup.file?.content ?? { workflows: {}, channels: {}, routes: [] };
  const explained = explainRoute(query, file);
  if (!explained.ok) {
    write(`rpa-notify routes: ${explained.problem}`);
    return EXIT_CONFIG_ERROR;
  }
  write(setup.file ? `config file: ${setup.file.path}` : 'no config file (RPA_NOTIFY_CONFIG, or ./rpa-notify.yml): every alert goes to default');
  write(explained.text);
  const defaults = defaultChannelNames(setup.config);
  write(`default = the channels the environment configures: ${defaults.length > 0 ? defaults.join(', ') : 'none'}`);
  return EXIT_OK;
}
