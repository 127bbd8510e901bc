import { FakeDingTalkServer } from '../helpers/dingtalk-server';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { REDIS_URL } from '../helpers/redis';
import { runCli } from '../helpers/run-cli';

const KEY = 'sk-cli-dingtalk-1';
const TOKEN = 'dt-cli-token-9e8d7c6b5a4f';
const SECRET = 'SECcli0123456789abcdef0123456789abcdef';

/** `check` and `test-notify` as a user runs them (needs `npm run build`). */
describe('dingtalk in check and test-notify', () => {
  const simulator = new IflyrpaSimulator({ apiKey: KEY });
  const dingtalk = new FakeDingTalkServer(TOKEN, SECRET);
  let env: Record<string, string>;
  let url: string;

  beforeAll(async () => {
    url = await dingtalk.start();
    env = { IFLYRPA_API_KEY: KEY, IFLYRPA_BASE_URL: await simulator.start(), REDIS_URL, LOG_LEVEL: 'warn', DINGTALK_WEBHOOK_URL: url, DINGTALK_SECRET: SECRET };
  });
  afterAll(() => Promise.all([simulator.stop(), dingtalk.stop()]));

  const leaks = (text: string) => [TOKEN, SECRET, 'SECcli-wrong-000000000', url].filter((secret) => text.includes(secret));

  it('check: credentials that hold are ✓ and nothing is posted', async () => {
    const result = await runCli(['check'], env);
    expect(result.stdout).toMatch(/^✓ DingTalk: token and signature accepted \(nothing was posted\)$/m);
    expect(result.code).toBe(0);
    expect(dingtalk.posts).toHaveLength(0);
  });

  it('check: a wrong secret is ✗ with the fix, exit 1, and shows neither secret nor token', async () => {
    const result = await runCli(['check'], { ...env, DINGTALK_SECRET: 'SECcli-wrong-000000000' });
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/^✗ DingTalk: DingTalk refused the message: .*sign not match.*; fix: copy the secret \(SEC…\) again/m);
    expect(leaks(result.stdout + result.stderr)).toEqual([]);
  });

  it('test-notify: a sample FAILED and COMPLETED reach the robot, marked as a test, in Chinese', async () => {
    const result = await runCli(['test-notify'], env);
    expect(result.stdout).toContain('✓ dingtalk: sample FAILED sent');
    expect(result.stdout).toContain('✓ dingtalk: sample COMPLETED sent');
    expect(dingtalk.posts.map((p) => p.message.markdown!.title)).toEqual([expect.stringContaining('[测试] 失败'), expect.stringContaining('[测试] 成功')]);
    expect(leaks(result.stdout + result.stderr)).toEqual([]);
  });
});
