import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { runCli } from '../helpers/run-cli';

const FIN_KEY = 'sk-cli-fin-31415926';
const OPS_KEY = 'sk-cli-ops-27182818';

/** `accounts:` through the built CLI (run `npm run build` first): no IFLYRPA_API_KEY needed, each key checked, bad lists refused. */
describe('accounts: from the command line', () => {
  const fin = new IflyrpaSimulator({ apiKey: FIN_KEY });
  const ops = new IflyrpaSimulator({ apiKey: 'sk-not-the-configured-one' });
  const prefix = randomPrefix();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-accounts-cli-'));
    env = { FIN_KEY, OPS_KEY, FIN_URL: await fin.start(), OPS_URL: await ops.start(), REDIS_URL, KEY_PREFIX: prefix, HTTP_PORT: '0', LOG_LEVEL: 'warn' };
  });
  afterAll(async () => {
    await Promise.all([fin.stop(), ops.stop()]);
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const ACCOUNTS = 'accounts:\n  - { name: fin, api_key: "${FIN_KEY}", base_url: "${FIN_URL}" }\n  - { name: ops, api_key: "${OPS_KEY}", base_url: "${OPS_URL}" }\n';

  it('check tries every account’s key, without IFLYRPA_API_KEY, and fails for the refused one', async () => {
    fin.startExecution();
    const run = await runCli(['check'], { ...env, RPA_NOTIFY_CONFIG: write('check.yml', ACCOUNTS) });
    expect(run.stdout).toContain('✓ iFlyRPA (account fin): key accepted, 1 executions');
    expect(run.stdout).toContain('✗ iFlyRPA (account ops): iFlyRPA rejected the API key (HTTP 401)');
    expect(run.code).toBe(1);
    expect(run.stdout + run.stderr).not.toMatch(new RegExp(`${FIN_KEY}|${OPS_KEY}`));
  });

  it('two accounts with the same name or key: exit 2, one line each with its path, no key shown', async () => {
    const file = write('dup.yml', 'accounts:\n  - { name: fin, api_key: "${FIN_KEY}" }\n  - { name: fin, api_key: "${OPS_KEY}" }\n  - { name: ops, api_key: "${FIN_KEY}" }\n');
    const run = await runCli(['check'], { ...env, RPA_NOTIFY_CONFIG: file });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file}: accounts[1].name: account "fin" is listed twice`);
    expect(run.stderr).toContain(`${file}: accounts[2].api_key: the same key as account "fin" (one key watches one account)`);
    expect(run.stderr).not.toContain('IFLYRPA_API_KEY');
    expect(run.stderr).not.toMatch(new RegExp(`${FIN_KEY}|${OPS_KEY}`));
  });

  it('poll-once polls the accounts it can and says which one failed', async () => {
    const run = await runCli(['poll-once'], { ...env, RPA_NOTIFY_CONFIG: write('poll.yml', ACCOUNTS) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('poll-once failed: account ops: iFlyRPA rejected the API key (HTTP 401)');
    expect(fin.listRequests().some((r) => r.authorized)).toBe(true);
  });
});
