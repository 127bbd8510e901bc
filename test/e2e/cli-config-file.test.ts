import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { CLI, runCli } from '../helpers/run-cli';
import { FakeSlackServer, slackPostText } from '../helpers/slack-server';

const KEY = 'sk-cli-file-27182818';
const HOOK_TOKEN = 'xoxb-file-only-token-5150';
const ORDERS = '2008381617971200000';

const FILE = `
workflows:
  "${ORDERS}": 订单同步
channels:
  ops: { type: slack, channel: C0OPS, token: "\${OPS_SLACK_TOKEN}" }
routes:
  - match: { workflows: ["订单*"], statuses: [FAILED] }
    to: [ops]
`;

describe('the config file from the command line', () => {
  const simulator = new IflyrpaSimulator({ apiKey: KEY });
  const slack = new FakeSlackServer();
  const prefix = randomPrefix();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-file-'));
    env = {
      IFLYRPA_API_KEY: KEY,
      IFLYRPA_BASE_URL: await simulator.start(),
      SLACK_API_URL: await slack.start(),
      OPS_SLACK_TOKEN: HOOK_TOKEN,
      REDIS_URL,
      KEY_PREFIX: prefix,
      LOG_LEVEL: 'info',
      HTTP_PORT: '0',
    };
  });
  afterAll(async () => {
    await Promise.all([simulator.stop(), slack.stop()]);
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('routes --explain: which route matched and which channels an alert reaches, by name or id', async () => {
    const file = write('explain.yml', FILE);
    const byName = await runCli(['routes', '--explain', '订单同步', 'FAILED'], { ...env, RPA_NOTIFY_CONFIG: file });
    expect(byName.code).toBe(0);
    expect(byName.stdout).toContain(`订单同步 (${ORDERS}), FAILED:`);
    expect(byName.stdout).toContain('route[0] matched');
    expect(byName.stdout).toMatch(/channels: ops$/m);
    const completed = await runCli(['routes', '--explain', ORDERS, 'COMPLETED'], { ...env, RPA_NOTIFY_CONFIG: file });
    expect(completed.stdout).toContain('no route matched -> default');
    expect(completed.stdout).toContain('default = the channels the environment configures: none');
    const unknown = await runCli(['routes', '--explain', '不存在'], { ...env, RPA_NOTIFY_CONFIG: file });
    expect(unknown.code).toBe(2);
  });

  it('./rpa-notify.yml is read when RPA_NOTIFY_CONFIG is not set', async () => {
    const cwd = mkdtempSync(path.join(dir, 'cwd-'));
    writeFileSync(path.join(cwd, 'rpa-notify.yml'), FILE);
    const result = await runCli(['routes', '--explain', '订单同步', 'FAILED'], env, { cwd });
    expect(result.stdout).toContain(`config file: ${path.join(cwd, 'rpa-notify.yml')}`);
  });

  it('a bad file: exit 2 at start, every problem on its own line with its path, no stack, no secret', async () => {
    const file = write('bad.yml', `${FILE}  - to: [nowhere]\nchannels2: {}\n`);
    for (const command of ['run', 'check', 'poll-once']) {
      const result = await runCli([command], { ...env, RPA_NOTIFY_CONFIG: file });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('routes[1].to[0]: no channel named "nowhere"');
      expect(result.stderr).toMatch(/channels2: unknown section/);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect(result.stderr).not.toContain(HOOK_TOKEN);
    }
    const syntax = await runCli(['check'], { ...env, RPA_NOTIFY_CONFIG: write('syntax.yml', 'routes:\n  - to: [a\n') });
    expect(syntax.code).toBe(2);
    expect(syntax.stderr).toMatch(/line \d+, column \d+/);
    const missing = await runCli(['check'], { ...env, OPS_SLACK_TOKEN: '', RPA_NOTIFY_CONFIG: file.replace('bad', 'explain') });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('channels.ops.token: environment variable OPS_SLACK_TOKEN is not set');
  });

  it('check: validates the file and checks each of its channels by name', async () => {
    const result = await runCli(['check'], { ...env, RPA_NOTIFY_CONFIG: write('check.yml', FILE) });
    expect(result.stdout).toContain('✓ config file');
    expect(result.stdout).toMatch(/^✓ Slack channel "ops": token accepted/m);
    expect(result.stdout).not.toContain(HOOK_TOKEN);
  });

  it('run: SIGHUP reloads the file; a bad one is refused and the old one stays; alerts follow the file in force', async () => {
    const file = write('live.yml', FILE);
    const running = simulator.startExecution({ projectId: ORDERS, startedAt: Date.now() - 60_000 });
    const child = spawn(process.execPath, [CLI, 'run'], { env: { PATH: process.env.PATH ?? '', ...env, RPA_NOTIFY_CONFIG: file, POLL_INTERVAL: '300ms' } });
    let stdout = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const waitFor = async (what: string, test: () => boolean) => {
      const deadline = Date.now() + 30_000;
      while (!test()) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; output:\n${stdout}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    };
    try {
      await waitFor('the running line', () => stdout.includes('"msg":"rpa-notify is running"'));
      expect(stdout).toContain(`config file in force: ${file}`);
      await waitFor('the baseline', () => stdout.includes('baseline: recorded'));

      writeFileSync(file, FILE.replace('订单同步', '订单同步 (renamed)').replace('to: [ops]', 'to: [nowhere]'));
      child.kill('SIGHUP');
      await waitFor('the refusal', () => stdout.includes('config reload refused ('));
      expect(stdout).toContain('no channel named \\"nowhere\\"');

      writeFileSync(file, FILE.replace('订单同步', '订单同步 v2'));
      child.kill('SIGHUP');
      await waitFor('the reload', () => stdout.includes('config file reloaded'));
      simulator.fail(running.id, 'failed after the reload');
      await slack.waitForPosts(1);
      expect(slack.posts[0]!.channel).toBe('C0OPS');
      expect(slack.posts[0]!.token).toBe(HOOK_TOKEN);
      expect(slackPostText(slack.posts[0]!)).toContain(`订单同步 v2 (${ORDERS})`);
      expect(stdout).not.toContain(HOOK_TOKEN);
    } finally {
      child.kill('SIGTERM');
      expect(await closed).toBe(0);
    }
  });
});
