import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { IflyrpaSimulator } from '../../src/iflyrpa/simulator';
import { stateKeys } from '../../src/state/keys';
import { deleteKeys, randomPrefix, REDIS_URL } from '../helpers/redis';
import { FakeSlackServer, slackPostText } from '../helpers/slack-server';
import { SmtpSink } from '../helpers/smtp-sink';
import { CLI, type Run, runCli } from '../helpers/run-cli';

const KEY = 'sk-cli-test-31415926';

describe('the rpa-notify command', () => {
  it('--version and --help', async () => {
    const version = await runCli(['--version'], {});
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const help = await runCli(['--help'], {});
    for (const command of ['run', 'poll-once', 'demo']) expect(help.stdout).toContain(command);
  });

  it('digest-preview writes an HTML digest of sample data', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-preview-'));
    try {
      const result = await runCli(['digest-preview', '--out', path.join(dir, 'digest.html')], {});
      expect(result.code).toBe(0);
      const html = readFileSync(path.join(dir, 'digest.html'), 'utf8');
      expect(html).toContain('id="summary"');
      expect(html).toContain('id="failures"');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a bad configuration: exit 2, one line per problem, no secret printed', async () => {
    const result = await runCli(['run'], { POLL_INTERVAL: 'often', SLACK_BOT_TOKEN: 'xoxb-cli-secret-token', SMTP_URL: 'smtp://u:cli-pw-secret@h:587' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('IFLYRPA_API_KEY is required');
    expect(result.stderr).toContain('POLL_INTERVAL must be a duration');
    expect(result.stderr).toContain('SLACK_CHANNEL is required');
    expect(result.stderr).not.toContain('xoxb-cli-secret-token');
    expect(result.stderr).not.toContain('cli-pw-secret');
  });

  it('an SMTP password with a raw %: exit 2 at start naming SMTP_URL (not "URI malformed" later), the password not printed', async () => {
    const result = await runCli(['run'], { IFLYRPA_API_KEY: KEY, SMTP_URL: 'smtp://u:pct%pw-secret@127.0.0.1:1', EMAIL_FROM: 'a@example.com', EMAIL_TO: 'b@example.com', REDIS_URL: 'redis://127.0.0.1:1', HTTP_PORT: '0' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ {2}SMTP_URL .*%25/m);
    expect(result.stdout + result.stderr).not.toContain('pct%pw-secret');
  });

  it('run with Redis down: one clear line and exit 1, no stack traces', async () => {
    const result = await runCli(['run'], { IFLYRPA_API_KEY: KEY, REDIS_URL: 'redis://127.0.0.1:1', HTTP_PORT: '0' });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('Redis is not reachable at redis://127.0.0.1:1: start it or fix REDIS_URL');
    expect(result.stdout + result.stderr).not.toMatch(/\n\s+at /);
  });

  describe('poll-once against the simulator', () => {
    const simulator = new IflyrpaSimulator({ apiKey: KEY });
    const slack = new FakeSlackServer();
    const prefix = randomPrefix();
    let env: Record<string, string>;

    beforeAll(async () => {
      env = {
        IFLYRPA_API_KEY: KEY,
        IFLYRPA_BASE_URL: await simulator.start(),
        SLACK_BOT_TOKEN: 'xoxb-cli-1',
        SLACK_CHANNEL: 'C1',
        SLACK_API_URL: await slack.start(),
        REDIS_URL,
        KEY_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      };
    });
    afterAll(async () => {
      await Promise.all([simulator.stop(), slack.stop()]);
      await deleteKeys(prefix);
    });

    it('records a baseline first, then alerts an ended run and prints a summary', async () => {
      const run = simulator.startExecution({ startedAt: Date.now() - 60_000 });
      const first = await runCli(['poll-once'], env);
      expect(first.stderr).toBe('');
      expect(first.code).toBe(0);
      expect(first.stdout).toContain('poll-once: 1 pages, 0 lookups, 1 records, 0 transitions, 0 notifications sent');
      simulator.fail(run.id, 'cli failure');
      const second = await runCli(['poll-once'], env);
      expect(second.code).toBe(0);
      expect(second.stdout).toContain('1 transitions, 1 notifications sent, 0 failed');
      expect(slackPostText(slack.posts[0]!)).toContain('cli failure');
    });

    it('check: one line per part, exit 0 when all answer', async () => {
      const result = await runCli(['check'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toMatch(/^✓ Redis \d/m);
      expect(result.stdout).toMatch(/^✓ iFlyRPA: key accepted/m);
      expect(result.stdout).toMatch(/^✓ Slack: token accepted/m);
      expect(result.stdout).toMatch(/^- email: not configured/m);
    });

    it('check: a bot that is not in the channel fails with a hint to invite it; SMTP on a dead port says where to look', async () => {
      slack.replies.push({}, { body: { ok: true, channel: { id: 'C0RPA123', is_member: false } } });
      const result = await runCli(['check'], { ...env, SLACK_CHANNEL: 'C0RPA123', SMTP_URL: 'smtp://u:pw-check-1@127.0.0.1:1', EMAIL_FROM: 'a@example.com', EMAIL_TO: 'b@example.com' });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('✗ Slack: the bot is not in channel C0RPA123: invite it there with /invite @<bot name>');
      expect(result.stdout).toMatch(/^✗ SMTP: the SMTP server could not be reached .*port 587 takes smtp:\/\/ with STARTTLS/m);
      expect(result.stdout).not.toContain('pw-check-1');
    });

    it('check: a token without chat:write fails with the fix in one line', async () => {
      slack.replies.push({ headers: { 'x-oauth-scopes': 'channels:read,users:read' } });
      const result = await runCli(['check'], env);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(/^✗ Slack: the token .* lacks the chat:write scope: add it under OAuth & Permissions/m);
    });

    it('check: a rejected key fails with exit 1 and says why', async () => {
      const result = await runCli(['check'], { ...env, IFLYRPA_API_KEY: 'sk-wrong-key-777' });
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('✗ iFlyRPA: iFlyRPA rejected the API key (HTTP 401)');
      expect(result.stdout).not.toContain('sk-wrong-key-777');
    });

    it('test-notify: a sample FAILED and COMPLETED, marked as a test, through Slack', async () => {
      const before = slack.posts.length;
      const result = await runCli(['test-notify'], env);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('✓ slack: sample FAILED sent');
      const posts = slack.posts.slice(before);
      expect(posts).toHaveLength(2);
      expect(posts.every((p) => p.text.includes('[TEST]'))).toBe(true);
    });

    it('run: polls on its own, serves /healthz, and on SIGTERM finishes and exits 0', async () => {
      const started = await new Promise<Run>((resolve) => {
        const child = spawn(process.execPath, [CLI, 'run'], { env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info', POLL_INTERVAL: '500ms', HTTP_PORT: '0' } });
        let stdout = '';
        let signalled = false;
        child.stdout.on('data', (chunk) => {
          stdout += chunk;
          if (!signalled && /"msg":"rpa-notify is running"/.test(stdout)) {
            signalled = true;
            child.kill('SIGTERM');
          }
        });
        child.on('close', (code) => resolve({ code, stdout, stderr: '' }));
      });
      expect(started.code).toBe(0);
      expect(started.stdout).toContain('SIGTERM received');
      expect(started.stdout).not.toContain(KEY);
    });

    it('an API that rejects the key: exit 1 with one plain line', async () => {
      const result = await runCli(['poll-once'], { ...env, IFLYRPA_API_KEY: 'sk-wrong-key-999' });
      expect(result.code).toBe(1);
      expect(result.stderr.trim()).toBe('poll-once failed: iFlyRPA rejected the API key (HTTP 401)');
      expect(result.stderr + result.stdout).not.toContain('sk-wrong-key-999');
    });
  });

  describe('poll-once with EMAIL_MODE=digest', () => {
    const simulator = new IflyrpaSimulator({ apiKey: KEY });
    const smtp = new SmtpSink();
    const prefix = randomPrefix();
    let redis: Redis;
    let env: Record<string, string>;

    beforeAll(async () => {
      redis = new Redis(REDIS_URL);
      env = {
        IFLYRPA_API_KEY: KEY,
        IFLYRPA_BASE_URL: await simulator.start(),
        SMTP_URL: `smtp://u:pw-digest-cli@127.0.0.1:${await smtp.start()}?tls=off`,
        EMAIL_FROM: 'bot@example.com',
        EMAIL_TO: 'digest@example.com',
        EMAIL_MODE: 'digest',
        DIGEST_INTERVAL: '1h',
        REDIS_URL,
        KEY_PREFIX: prefix,
        LOG_LEVEL: 'warn',
      };
    });
    afterAll(async () => {
      redis.disconnect();
      await Promise.all([simulator.stop(), smtp.stop()]);
      await deleteKeys(prefix);
    });

    it('collects a FAILED run for the digest (no immediate mail), and a later poll-once sends the digest once its period closed', async () => {
      const keys = stateKeys(prefix);
      const run = simulator.startExecution({ startedAt: Date.now() - 60_000 });
      expect((await runCli(['poll-once'], env)).code).toBe(0);
      simulator.fail(run.id, 'failure for the digest');
      const detected = await runCli(['poll-once'], env);
      expect(detected.stderr).toBe('');
      expect(detected.code).toBe(0);
      expect(detected.stdout).toContain('1 transitions, 0 notifications sent, 0 failed');
      expect(smtp.mails).toHaveLength(0);
      const entries = await redis.zrange(keys.digestEntries, 0, -1);
      expect(entries).toHaveLength(1);
      expect(entries[0]).toContain(run.id);

      // Pretend the run was detected in a period that has closed since (hourly periods close on the hour).
      const hour = 3_600_000;
      const closedPeriod = Math.floor(Date.now() / hour) * hour - 2 * hour;
      await redis.set(keys.digestCursor, String(closedPeriod));
      await redis.zadd(keys.digestEntries, 'XX', closedPeriod + 60_000, entries[0]!);
      const later = await runCli(['poll-once'], env);
      expect(later.stderr).toBe('');
      expect(later.code).toBe(0);
      expect(later.stdout).toContain(", digests sent: 1\n");
      expect(smtp.mails).toHaveLength(1);
      expect(smtp.mails[0]!.subject).toMatch(/^\[RPA\] Digest .*: 1 failed, 0 completed$/);
      expect(smtp.mails[0]!.text).toContain('failure for the digest');
      expect(await redis.zcard(keys.digestEntries)).toBe(0);
    });
  });

  it('demo: alerts from the built-in simulator show on the console and as .eml files, then a clean exit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'rpa-demo-'));
    try {
      const result = await runCli(['demo', '--outbox', path.join(dir, 'outbox')], { REDIS_URL, LOG_LEVEL: 'info' }, {
        until: (out) => /(FAILED|COMPLETED) · workflow/.test(out) && /sent email alert/.test(out),
      });
      expect(result.stdout).toMatch(/(❌ FAILED|✅ COMPLETED) · workflow \d+ · execution [0-9a-f]{8}/);
      expect(result.code).toBe(0);
      const mails = readdirSync(path.join(dir, 'outbox'));
      expect(mails.length).toBeGreaterThan(0);
      expect(readFileSync(path.join(dir, 'outbox', mails[0]!), 'utf8')).toMatch(/Subject: \[RPA\] (FAILED|COMPLETED)/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
