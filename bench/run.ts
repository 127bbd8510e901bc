// `npm run bench`: every figure of PRODUCT "Scale and performance (wave 2)" in one table, each beside
// the naive way measured in the same run. Not part of `npm test`. Uses a private redis-server when one
// is installed (clean INFO figures), else BENCH_REDIS_URL or 127.0.0.1:6379 under a random prefix of
// its own (only its own keys are written and deleted).
import os from 'node:os';
import { Redis } from 'ioredis';
import { startPrivateRedis } from '../src/demo/private-redis';
import { type Row, table } from './bench-util';
import { benchDetection } from './detection-bench';
import { benchPipeline, botNodeOptions } from './pipeline-bench';

async function main(): Promise<void> {
  const own = process.env.BENCH_REDIS_URL ? null : await startPrivateRedis();
  const redisUrl = process.env.BENCH_REDIS_URL ?? own?.url ?? 'redis://127.0.0.1:6379';
  try {
    const probe = new Redis(redisUrl);
    const version = /redis_version:(\S+)/.exec(await probe.info('server'))?.[1] ?? '?';
    probe.disconnect();
    const cpus = os.cpus();
    const load = os.loadavg().map((l) => l.toFixed(1)).join(' ');
    process.stdout.write(`machine: ${cpus.length} cores (${cpus[0]?.model.trim() ?? '?'}), load ${load}, Node ${process.version}, Redis ${version} (${own ? 'a private redis-server' : redisUrl}), bot's NODE_OPTIONS: ${botNodeOptions() || 'none'}\n`);
    const started = Date.now();
    const rows: Row[] = [...(await benchDetection(redisUrl, own !== null)), ...(await benchPipeline(redisUrl, own !== null))];
    process.stdout.write(`\n${table(rows)}\n\n(${((Date.now() - started) / 1000).toFixed(0)} s; load afterwards ${os.loadavg().map((l) => l.toFixed(1)).join(' ')})\n`);
  } finally {
    own?.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
