import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { createIflyrpaClient } from '../src/iflyrpa/iflyrpa-client';
import { IflyrpaSimulator } from '../src/iflyrpa/simulator';
import { deleteKeysWithPrefix } from '../src/state/delete-keys';
import { StateStore } from '../src/state/state-store';
import { FakeSlackServer } from '../test/helpers/slack-server';
import { type Row, formatBytes, formatRate, percentile, usedMemory, waitFor } from './bench-util';

const API_KEY = 'sk-bench-0a1b2c3d';
const PAGE_SIZE = 100;
const HISTORY = 10_000;
const BURST = 5_000;
const LATENCY_SAMPLES = 100;
const POLL_INTERVAL_MS = 500;
const MINUTE = 60_000;

/** The bot's own process (`node dist/cli.js run`), so its memory is its own, not the bench's. */
function startBot(env: Record<string, string>): ChildProcess {
  const cli = path.join(__dirname, '..', 'dist', 'cli.js');
  // BENCH_BOT_NODE_OPTIONS: V8 flags for the bot alone, to see what they do to RSS; by default the
  // Dockerfile's NODE_OPTIONS, so the figures are those of the shipped image.
  const nodeArgs = botNodeOptions().split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...nodeArgs, cli, 'run'], { env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr?.on('data', (chunk: Buffer) => process.stderr.write(`[bot] ${chunk.toString()}`));
  return child;
}

/** The bot's V8 flags: BENCH_BOT_NODE_OPTIONS, else the NODE_OPTIONS the Dockerfile sets ('' when none). */
export function botNodeOptions(): string {
  if (process.env.BENCH_BOT_NODE_OPTIONS !== undefined) return process.env.BENCH_BOT_NODE_OPTIONS;
  const dockerfile = readFileSync(path.join(__dirname, '..', 'Dockerfile'), 'utf8');
  return /^ENV NODE_OPTIONS="([^"]*)"/m.exec(dockerfile)?.[1] ?? '';
}

/** VmRSS (now) and VmHWM (the peak so far) of a process, in bytes (Linux). */
function rssOf(pid: number): { now: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? NaN) * 1024;
  return { now: kb('VmRSS'), peak: kb('VmHWM') };
}

export async function benchPipeline(redisUrl: string, privateRedis: boolean): Promise<Row[]> {
  const simulator = new IflyrpaSimulator({ apiKey: API_KEY });
  const slack = new FakeSlackServer();
  const redis = new Redis(redisUrl);
  const prefix = `rpa-bench-${randomBytes(4).toString('hex')}`;
  const store = new StateStore(redis, prefix);
  const rows: Row[] = [];
  let bot: ChildProcess | undefined;
  try {
    const baseUrl = await simulator.start();
    const slackUrl = await slack.start();
    const now = Date.now();
    for (let i = HISTORY; i > 0; i--) simulator.complete(simulator.startExecution({ startedAt: now - 2 * MINUTE - i * 1_000 }).id, undefined, now - 2 * MINUTE - i * 1_000 + 500);

    bot = startBot({
      IFLYRPA_API_KEY: API_KEY, IFLYRPA_BASE_URL: baseUrl, REDIS_URL: redisUrl, KEY_PREFIX: prefix,
      PAGE_SIZE: String(PAGE_SIZE), MAX_PAGES_PER_POLL: '100', POLL_INTERVAL: `${POLL_INTERVAL_MS}ms`,
      SLACK_BOT_TOKEN: 'xoxb-bench-1234-secret', SLACK_CHANNEL: 'C0BENCH', SLACK_API_URL: slackUrl,
      HTTP_PORT: '0', STUCK_AFTER: 'off', LOG_LEVEL: 'warn',
      // The pipeline's own capacity, one Slack request per alert: the stand-in has no rate limit, and with
      // flood control on (the default) the burst would go as ~100 grouped messages paced at Slack's 1/s.
      FLOOD_CONTROL: 'off', SLACK_THREADS: 'off',
    });
    const pid = bot.pid!;
    await waitFor('the baseline poll', async () => (await store.lastPollSuccess()) !== null, 60_000);

    // Steady state: polls that find nothing new, with 10,000 runs of history behind page 1.
    const polls = new Set<number>();
    const requestsBefore = simulator.requests.length;
    const memoryBefore = await usedMemory(redis);
    const firstPoll = await store.lastPollSuccess();
    await waitFor('10 steady polls', async () => {
      const last = await store.lastPollSuccess();
      if (last !== null && last !== firstPoll) polls.add(last);
      return polls.size >= 10;
    }, 60_000, 10);
    const perPoll = (simulator.requests.length - requestsBefore) / polls.size;
    const idleGrowth = ((await usedMemory(redis)) - memoryBefore) / polls.size;
    const client = createIflyrpaClient({ baseUrl, key: API_KEY, timeoutMs: 10_000, startTimeOffset: '+08:00', endTimeOffset: '+00:00' });
    let naiveRequests = 0;
    for (let pageNo = 1; ; pageNo++) {
      naiveRequests++;
      if ((await client.listExecutions(pageNo, PAGE_SIZE)).executions.length < PAGE_SIZE) break;
    }
    rows.push({ figure: `API requests per steady poll (${HISTORY.toLocaleString('en')} runs of history)`, measured: perPoll.toFixed(2), goal: '1.0', naive: `${naiveRequests} (every page)` });

    // A burst: 5,000 runs start (tracked PENDING), then all end at once.
    const idleRss = rssOf(pid).now;
    const burst = Array.from({ length: BURST }, (_, i) => simulator.startExecution({ startedAt: Date.now() - MINUTE + i }).id);
    await waitFor(`${BURST} runs tracked PENDING`, async () => (await store.trackedPending()).length >= BURST, 120_000, 100);
    const memoryBeforeBurst = await usedMemory(redis);
    const endedAt = Date.now();
    burst.forEach((id, i) => (i % 2 ? simulator.fail(id, 'ElementNotFound: 找不到元素 "登录按钮"') : simulator.complete(id)));
    let peakRss = 0;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, rssOf(pid).now)), 50);
    await waitFor(`${BURST} alerts at the Slack stand-in`, () => slack.posts.length >= BURST, 300_000, 20);
    clearInterval(sampler);
    const pollStart = simulator.requestTimes.find((t) => t >= endedAt)!;
    const lastPost = Math.max(...slack.requests.filter((r) => r.method === 'chat.postMessage').map((r) => r.receivedAt));
    const e2eS = (lastPost - pollStart) / 1000;
    rows.push({ figure: `End to end, burst of ${BURST.toLocaleString('en')} transitions (poll → last Slack request)`, measured: `${e2eS.toFixed(1)} s, ${formatRate(BURST / e2eS, 'alerts/s')}`, goal: '—', naive: '—' });
    const growth = ((await usedMemory(redis)) - memoryBeforeBurst) / BURST;

    // Latency: one or two runs end between polls; from the poll's request to the Slack request.
    const runs = Array.from({ length: LATENCY_SAMPLES }, () => simulator.startExecution({ startedAt: Date.now() - MINUTE }).id);
    await waitFor('the latency runs tracked', async () => (await store.trackedPending()).length >= LATENCY_SAMPLES, 60_000, 50);
    const latencies: number[] = [];
    for (let i = 0; i < LATENCY_SAMPLES; i += 2) {
      const seen = slack.posts.length;
      const failedAt = Date.now();
      simulator.fail(runs[i]!, 'latency');
      simulator.fail(runs[i + 1]!, 'latency');
      await waitFor('two latency alerts', () => slack.posts.length >= seen + 2, 30_000, 2);
      const polledAt = simulator.requestTimes.find((t) => t >= failedAt)!;
      for (const request of slack.requests.filter((r) => r.method === 'chat.postMessage').slice(seen)) latencies.push(request.receivedAt - polledAt);
    }
    rows.push({ figure: 'Detection → Slack request, p50 / p99 (from the poll)', measured: `${percentile(latencies, 50)} / ${percentile(latencies, 99)} ms`, goal: 'p99 ≤ 100 ms', naive: '—' });

    const rss = rssOf(pid);
    rows.push({ figure: 'Bot process RSS: idle / peak in the burst', measured: `${formatBytes(idleRss)} / ${formatBytes(Math.max(peakRss, rss.peak))}`, goal: '≤ 100 MB', naive: '—' });
    rows.push({ figure: 'Redis growth per idle poll / per alert of the burst', measured: `${formatBytes(idleGrowth)} / ${formatBytes(growth)}${privateRedis ? '' : ' (shared Redis: noisy)'}`, goal: '—', naive: '—' });
    return rows;
  } finally {
    if (bot && bot.exitCode === null) {
      const exited = new Promise((resolve) => bot!.once('exit', resolve));
      bot.kill('SIGTERM');
      await exited;
    }
    await Promise.all([simulator.stop(), slack.stop()]);
    await deleteKeysWithPrefix(redis, prefix);
    redis.disconnect();
  }
}
