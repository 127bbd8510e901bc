import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { runCli } from '../helpers/run-cli';
import { FakeWebhookServer } from '../helpers/webhook-server';

const KEY = 'sk-cli-webhook-1618';
const SECRET = 'whsec-cli-1414';

/** `check` and `test-notify` with webhook channels, run as the built command (npm run build first). */
describe('rpa-notify check and test-notify with webhook channels', () => {
  const simulator = new IflyrpaSimulator({ apiKey: KEY });
  const receiver = new FakeWebhookServer(SECRET);
  const prefix = randomPrefix();
  let env: Record<string, string>;
  let url: string;
  let dir: string;

  beforeAll(async () => {
    url = await receiver.start();
    dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-webhook-cli-'));
    env = { IFLYRPA_API_KEY: KEY, IFLYRPA_BASE_URL: await simulator.start(), REDIS_URL, KEY_PREFIX: prefix, LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await Promise.all([simulator.stop(), receiver.stop()]);
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('check: the environment’s webhook and a file’s both ping; a wrong secret fails with the fix, never printed', async () => {
    const file = path.join(dir, 'rpa-notify.yml');
    writeFileSync(file, `channels:\n  ops-hook: { type: webhook, url: "${url}", secret: "whsec-cli-wrong-9" }\n`);
    const result = await runCli(['check'], { ...env, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET, RPA_NOTIFY_CONFIG: file });
    expect(result.stdout).toMatch(/^✓ webhook: the receiver accepted a signed ping$/m);
    expect(result.stdout).toMatch(/^✗ webhook channel "ops-hook": the webhook refused the delivery \(HTTP 401\): .*check the channel's secret/m);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain('whsec-cli-wrong-9');
    expect(result.stdout + result.stderr).not.toContain(SECRET);
  });

  it('check without WEBHOOK_URL says which variables would configure it', async () => {
    const result = await runCli(['check'], env);
    expect(result.stdout).toMatch(/^- webhook: not configured \(WEBHOOK_URL, WEBHOOK_SECRET\)$/m);
  });

  it('test-notify: a sample FAILED and COMPLETED, marked as a test, signed', async () => {
    const before = receiver.deliveries.length;
    const result = await runCli(['test-notify'], { ...env, WEBHOOK_URL: url, WEBHOOK_SECRET: SECRET });
    expect(result.stdout).toContain('✓ webhook: sample FAILED sent');
    expect(result.stdout).toContain('✓ webhook: sample COMPLETED sent');
    expect(result.code).toBe(0);
    const bodies = receiver.deliveries.slice(before).map((d) => d.json as { event: string; test: boolean; text: string });
    expect(bodies.map((b) => [b.event, b.test])).toEqual([
      ['execution.failed', true],
      ['execution.completed', true],
    ]);
    expect(bodies[0]!.text).toContain('[TEST]');
  });
});
