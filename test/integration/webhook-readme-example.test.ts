import { readFileSync } from 'node:fs';
import type { IncomingHttpHeaders } from 'node:http';
import path from 'node:path';
import vm from 'node:vm';
import { createWebhookNotifier } from '../../src/notify/webhook/webhook-notifier';
import { webhookTarget } from '../../src/notify/webhook/post-webhook';
import { sampleFailed, transitionOf } from '../fixtures/executions';
import { FakeWebhookServer } from '../helpers/webhook-server';

type Verify = (secret: string, headers: IncomingHttpHeaders, rawBody: Buffer, nowSeconds?: number) => boolean;

/** The README's receiver example, exactly as printed there (the code block after its marker). */
function readmeExample(): Verify {
  const readme = readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const code = /<!-- webhook-verify-example -->\r?\n```js\r?\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!code) throw new Error('README.md has no ```js block after <!-- webhook-verify-example -->');
  // Run as a reader would paste it into a CommonJS file: `require` at hand, the function declared at top level.
  const run = vm.runInThisContext(`(function (require) {\n${code}\nreturn verifyRpaNotify;\n})`, { filename: 'README.md' }) as (r: NodeJS.Require) => Verify;
  return run(require);
}

const SECRET = 'whsec-readme-2718';

describe('the README’s verification example, against a real delivery', () => {
  let receiver: FakeWebhookServer;
  let headers: IncomingHttpHeaders;
  let rawBody: Buffer;
  const verify = readmeExample();

  beforeAll(async () => {
    // The stand-in keeps no secret here: it records what came, and the README's code judges it.
    receiver = new FakeWebhookServer();
    const url = await receiver.start();
    const notifier = createWebhookNotifier(webhookTarget({ url, secret: SECRET, timeoutMs: 10_000 }), {
      name: 'readme',
      language: 'zh-CN',
      displayTimeZone: 'Asia/Shanghai',
      workflowLabel: (id) => `订单同步 (${id})`,
    });
    await notifier.send(transitionOf(sampleFailed));
    ({ headers, rawBody } = receiver.deliveries[0]!);
  });
  afterAll(() => receiver.stop());

  const sentAt = () => Number(headers['x-rpa-notify-timestamp']);

  it('accepts the delivery with the right secret (a Chinese body: the bytes as received)', () => {
    expect(rawBody.toString('utf8')).toContain('订单同步');
    expect(verify(SECRET, headers, rawBody)).toBe(true);
  });

  it.each<[string, () => Parameters<Verify>]>([
    ['a wrong secret', () => ['whsec-wrong', headers, rawBody]],
    ['a changed body', () => [SECRET, headers, Buffer.from(rawBody.toString('utf8').replace('execution.failed', 'execution.completed'))]],
    ['a changed timestamp', () => [SECRET, { ...headers, 'x-rpa-notify-timestamp': String(sentAt() + 1) }, rawBody, sentAt() + 1]],
    ['a replay six minutes later', () => [SECRET, headers, rawBody, sentAt() + 360]],
    ['no signature', () => [SECRET, { ...headers, 'x-rpa-notify-signature': undefined }, rawBody]],
    ['a signature of another length', () => [SECRET, { ...headers, 'x-rpa-notify-signature': 'sha256=abc' }, rawBody]],
  ])('refuses %s', (_, args) => {
    expect(verify(...args())).toBe(false);
  });
});
