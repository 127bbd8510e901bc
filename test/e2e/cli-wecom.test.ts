import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { runCli } from '../helpers/run-cli';
import { FakeWecomServer } from '../helpers/wecom-server';

const API_KEY = 'sk-cli-wecom-31415';
const ROBOT_KEY = '8d4f2a6e-1b3c-4e5f-9a7b-0c1d2e3f4a5b';
const WRONG_KEY = '8d4f2a6e-1b3c-4e5f-9a7b-000000000000';

/** Runs the built CLI (npm run build first). */
describe('the CLI with WeCom robots', () => {
  const simulator = new IflyrpaSimulator({ apiKey: API_KEY });
  const wecom = new FakeWecomServer(ROBOT_KEY);
  const prefix = randomPrefix();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-wecom-'));
    const url = await wecom.start();
    const file = path.join(dir, 'wecom.yml');
    writeFileSync(file, `channels:\n  bad-wecom: { type: wecom, url: "\${BAD_WECOM_URL}" }\n`);
    env = { IFLYRPA_API_KEY: API_KEY, IFLYRPA_BASE_URL: await simulator.start(), REDIS_URL, KEY_PREFIX: prefix, WECOM_WEBHOOK_URL: url, BAD_WECOM_URL: wecom.urlWithKey(WRONG_KEY), RPA_NOTIFY_CONFIG: file };
  });
  afterAll(async () => {
    await Promise.all([simulator.stop(), wecom.stop()]);
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('check: the environment robot passes without posting; a wrong key in the file fails with the fix, exit 1, no key shown', async () => {
    const result = await runCli(['check'], env);
    expect(result.stdout).toMatch(/^✓ WeCom: robot key accepted \(nothing was posted\)$/m);
    expect(result.stdout).toMatch(/^✗ WeCom channel "bad-wecom": WeCom refused the robot key \(errcode 93000\).*copy the webhook URL again/m);
    expect(result.code).toBe(1);
    expect(result.stdout + result.stderr).not.toContain(WRONG_KEY);
    expect(result.stdout + result.stderr).not.toContain(ROBOT_KEY);
    expect(wecom.posts).toHaveLength(0);
  });

  it('test-notify: a sample FAILED and COMPLETED in Chinese, marked as a test, reach the environment robot', async () => {
    const result = await runCli(['test-notify'], { ...env, RPA_NOTIFY_CONFIG: '' }, { cwd: dir });
    expect(result.stdout).toContain('✓ wecom: sample FAILED sent');
    expect(result.code).toBe(0);
    expect(wecom.posts.map((p) => p.content)).toEqual([expect.stringContaining('[测试] <font color="warning">失败</font>'), expect.stringContaining('[测试] <font color="info">成功</font>')]);
    expect(result.stdout + result.stderr).not.toContain(ROBOT_KEY);
  });
});
