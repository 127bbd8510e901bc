import type { Config } from '../config/config';
import { sampleTransitions } from '../domain/sample-transitions';
import { buildChannels, type Channel } from '../notify/build-channels';
import { howToConfigureAChannel } from '../notify/channel-registry';
import { EXIT_OK, EXIT_RUNTIME_FAILURE } from './exit-codes';

/** `test-notify`: one sample FAILED and one COMPLETED alert, marked as a test, through every channel; email is sent at once whatever EMAIL_MODE says. */
export async function testNotifyCommand(config: Config, write: (line: string) => void, channels: Channel[] = buildChannels(config, [], { displayTimeZone: config.displayTimeZone, workflowLabel: (id) => id })): Promise<number> {
  if (channels.length === 0) {
    write(`✗ no channel is configured: set ${howToConfigureAChannel()}`);
    return EXIT_RUNTIME_FAILURE;
  }
  let failed = 0;
  for (const { notifier } of channels) {
    for (const transition of sampleTransitions(Date.now())) {
      const what = `${notifier.channel}: sample ${transition.execution.status}`;
      try {
        await notifier.send(transition, { test: true });
        write(`✓ ${what} sent`);
      } catch (error) {
        failed++;
        write(`✗ ${what} failed: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    await notifier.close?.();
  }
  return failed > 0 ? EXIT_RUNTIME_FAILURE : EXIT_OK;
}
