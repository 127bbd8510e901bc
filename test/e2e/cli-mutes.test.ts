import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { runCli } from '../helpers/run-cli';

const ORDERS = '2008381617971200000';

describe('mute, mutes, unmute from the command line', () => {
  const prefix = randomPrefix();
  let dir: string;
  let env: Record<string, string>;

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-mutes-'));
    const file = path.join(dir, 'rpa-notify.yml');
    writeFileSync(file, `workflows:\n  "${ORDERS}": 订单同步\n`);
    env = {
      IFLYRPA_API_KEY: 'sk-cli-mutes-31415',
      IFLYRPA_BASE_URL: 'http://127.0.0.1:9',
      SLACK_BOT_TOKEN: 'xoxb-cli-mutes-2718',
      SLACK_CHANNEL: 'C0RPA',
      REDIS_URL,
      KEY_PREFIX: prefix,
      DISPLAY_TIMEZONE: 'Asia/Shanghai',
      RPA_NOTIFY_CONFIG: file,
      USER: 'alice',
    };
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('mute prints the id, mutes lists it, unmute ends it; an unknown id exits 1 with one line', async () => {
    const muted = await runCli(['mute', '订单同步', '--for', '2h', '--status', 'FAILED', '--reason', 'planned maintenance'], env);
    expect(muted).toMatchObject({ code: 0, stderr: '' });
    const id = muted.stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{8}$/);

    const everything = await runCli(['mute', 'all', '--for', '30m'], { ...env, USER: '' });
    expect(everything).toMatchObject({ code: 0, stderr: '' });

    const unlisted = await runCli(['mute', '订单同歩', '--for', '1m'], env);
    expect(unlisted.code).toBe(0);
    expect(unlisted.stdout.trim()).toMatch(/^[0-9a-f]{8}$/);
    expect(unlisted.stderr).toBe('rpa-notify mute: note: "订单同歩" names no workflow listed under workflows:, muted as a workflow id\n');
    expect((await runCli(['unmute', unlisted.stdout.trim()], env)).code).toBe(0);
    const byId = await runCli(['mute', ORDERS, '--for', '1m'], env);
    expect(byId).toMatchObject({ code: 0, stderr: '' });
    expect((await runCli(['unmute', byId.stdout.trim()], env)).code).toBe(0);

    const listed = await runCli(['mutes'], env);
    expect(listed.code).toBe(0);
    const lines = listed.stdout.trim().split('\n');
    expect(lines[0]).toBe('id\twhat\tstatuses\tuntil\treason\twho');
    // Soonest to end first; until in DISPLAY_TIMEZONE.
    expect(lines[1]).toMatch(new RegExp(`^${everything.stdout.trim()}\tall\tall\t\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\+08:00\t-\tcli$`));
    expect(lines[2]).toMatch(new RegExp(`^${id}\t订单同步\tFAILED\t.* \\+08:00\tplanned maintenance\talice$`));

    expect(await runCli(['unmute', id], env)).toMatchObject({ code: 0, stdout: `unmuted ${id}\n` });
    const gone = await runCli(['unmute', id], env);
    expect(gone.code).toBe(1);
    expect(gone.stdout).toBe('');
    expect(gone.stderr.trim().split('\n')).toEqual([`rpa-notify unmute: no active mute with id "${id}" (see rpa-notify mutes)`]);
    expect((await runCli(['mutes'], env)).stdout).not.toContain(id);
  });

  it.each([
    ['a bad duration', ['--for', '2 hours'], '--for "2 hours" is not a duration'],
    ['no duration', [], '--for is required'],
  ])('%s: exit 2 with one line, nothing muted', async (_name, args, problem) => {
    const run = await runCli(['mute', 'p-bad', ...args], env);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toContain(problem);
    expect((await runCli(['mutes'], env)).stdout).not.toContain('p-bad');
  });
});

describe('maintenance windows from the command line', () => {
  const prefix = randomPrefix();
  let dir: string;
  let env: Record<string, string>;
  const write = (name: string, text: string) => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-maintenance-'));
    env = {
      IFLYRPA_API_KEY: 'sk-cli-maintenance-31415',
      IFLYRPA_BASE_URL: 'http://127.0.0.1:9',
      REDIS_URL,
      KEY_PREFIX: prefix,
      DIGEST_TIMEZONE: 'Asia/Shanghai',
      RPA_NOTIFY_CONFIG: write('rpa-notify.yml', `workflows:\n  "${ORDERS}": 订单同步\nmaintenance:\n  - { workflows: [订单同步], cron: "0 2 * * *", for: 1h, reason: nightly backup }\n  - { workflows: all, cron: "* * * * *", for: 2m, statuses: [FAILED] }\n`),
    };
  });
  afterAll(async () => {
    await deleteKeys(prefix);
    rmSync(dir, { recursive: true, force: true });
  });

  it('mutes lists each window and when it is next (or still) in force; check shows them', async () => {
    const listed = await runCli(['mutes'], env);
    expect(listed).toMatchObject({ code: 0, stderr: '' });
    const lines = listed.stdout.trim().split('\n');
    expect(lines.slice(0, 4)).toEqual(['no active mutes', '', 'maintenance windows (config file, times in Asia/Shanghai):', 'window\tworkflows\tstatuses\twhen\treason']);
    expect(lines[4]).toMatch(/^0 2 \* \* \* \(1h\)\t订单同步\tall\t(next|active until) \d{4}-\d\d-\d\d 0[23]:00:00 \+08:00\tnightly backup$/);
    expect(lines[5]).toMatch(/^\* \* \* \* \* \(2m\)\tall\tFAILED\tactive until \d{4}-\d\d-\d\d \d\d:\d\d:00 \+08:00\t-$/);

    const check = await runCli(['check'], env);
    expect(check.stdout).toContain('✓ maintenance 0 2 * * * (1h) in Asia/Shanghai: mutes 订单同步, "nightly backup"; ');
    expect(check.stdout).toContain('✓ maintenance * * * * * (2m) in Asia/Shanghai: mutes all (FAILED only); active until ');
  });

  it('a window that can never work: exit 2, each problem with its path', async () => {
    const bad = write('bad.yml', 'maintenance:\n  - { workflows: all, cron: "0 0 31 2 *", for: 1h }\n  - { workflows: all, cron: "0 2 * * *", for: 0m }\n');
    const run = await runCli(['mutes'], { ...env, RPA_NOTIFY_CONFIG: bad });
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain(`${bad}: maintenance[0].cron: "0 0 31 2 *" never fires or is not a cron expression`);
    expect(run.stderr).toContain(`${bad}: maintenance[1].for: "0m" is not a duration from 1m to 30d`);
  });
});
